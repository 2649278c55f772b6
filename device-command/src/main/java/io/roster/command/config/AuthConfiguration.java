package io.roster.command.config;

import io.roster.command.application.CaCertificates;
import io.roster.command.application.DeviceAuthentication;
import io.roster.command.application.SecretCipher;
import io.roster.command.application.SecretGenerator;
import io.roster.command.application.credentials.CredentialView;
import io.roster.command.auth.ratelimit.FailureLimits;
import io.roster.command.auth.replay.ReplayGuard;
import io.roster.command.auth.signature.DeviceSecretCipher;
import io.roster.command.auth.signature.TimestampWindow;
import io.roster.command.auth.x509.CaCertificateChecks;
import io.roster.command.auth.x509.DeviceCertificateValidator;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Clock;

/** Connection authentication: the decision, its in-memory guards, and CA certificate handling. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    DeviceAuthentication deviceAuthentication(CredentialView view, SecretCipher cipher, SecretGenerator generator,
                                              CommandGateway commands, Clock clock, SecureRandom random,
                                              RosterCommandProperties properties) {
        return new DeviceAuthentication(view, cipher, generator, commands, TimestampWindow.standard(clock),
                ReplayGuard.standard(clock, properties.auth().replayGuardCapacity()),
                FailureLimits.standard(clock),
                new DeviceCertificateValidator(clock), new DeviceSecretCipher(random));
    }

    @Bean
    CaCertificates caCertificates(CredentialView view, CommandGateway commands, Clock clock, SecureRandom random) {
        return new CaCertificates(new CaCertificateChecks(clock), view, commands, random);
    }
}
