package io.roster.command.config;

import io.roster.command.auth.adapter.out.view.CredentialViewUpdater;
import io.roster.command.auth.application.AuditTrail;
import io.roster.command.auth.application.CredentialView;
import io.roster.command.auth.application.SecretAccess;
import io.roster.command.auth.application.SecretReEncryption;
import io.roster.command.lifecycle.application.CommitMarks;
import io.roster.command.lifecycle.application.DeviceListService;
import io.roster.command.lifecycle.application.RequestLeases;
import io.roster.command.web.IdempotencyFilter;
import io.roster.command.web.RequestBodyLimitFilter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import io.roster.command.auth.application.SecretCipher;
import io.roster.command.auth.application.SecretGenerator;
import io.roster.command.lifecycle.application.IdempotencyStore;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.scheduling.annotation.Scheduled;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Wires the use cases, the secret handling and the web filters; the event store is chosen elsewhere. */
@Configuration(proxyBeanMethods = false)
class CommandConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CommandConfiguration.class);
    /** The embedded stack's key-encryption key. Never use it for real devices: it is in the source. */
    static final String DEV_KEY_ID = "dev-1";
    /** Its material, the default of {@code ROSTER_SECRETS_KEYS_DEV_1} in application.yml. */
    private static final byte[] DEV_KEY = Base64.getDecoder().decode("ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZHVjdGk=");
    /** Body reading and idempotency run after authentication: an unauthenticated request costs no body read. */
    private static final int AFTER_SECURITY = SecurityProperties.DEFAULT_FILTER_ORDER + 10;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    SecretCipher secretCipher(RosterCommandProperties properties, SecureRandom random) {
        Map<String, byte[]> keys = new HashMap<>();
        properties.secrets().keys().forEach((id, base64) -> keys.put(id, Base64.getDecoder().decode(base64.strip())));
        byte[] active = keys.get(properties.secrets().activeKeyId());
        if (active != null && MessageDigest.isEqual(active, DEV_KEY)) {
            if (!properties.secrets().allowDevKey()) {
                throw new DevelopmentKeyRefusedException();
            }
            log.warn("Secrets are encrypted with the built-in development key '{}'. Set ROSTER_SECRETS_ACTIVE_KEY_ID "
                    + "and ROSTER_SECRETS_KEYS_<ID> for any real deployment.", DEV_KEY_ID);
        }
        return new SecretCipher(keys, properties.secrets().activeKeyId(), random);
    }

    @Bean
    SecretGenerator secretGenerator(SecureRandom random) {
        return new SecretGenerator(random);
    }

    @Bean
    DeviceListService deviceListService(CommandGateway commandGateway, SecretCipher cipher, SecretGenerator generator) {
        return new DeviceListService(commandGateway, cipher, generator);
    }

    @Bean
    CredentialView credentialView(EventStorageEngine storage) {
        return new CredentialView(CredentialViewUpdater.history(storage));
    }

    @Bean
    CredentialViewUpdater credentialViewUpdater(CredentialView view, EventStorageEngine storage,
                                                RosterCommandProperties properties,
                                                ObjectProvider<CredentialViewUpdater.Snapshots> snapshots) {
        return new CredentialViewUpdater(view, storage, properties.auth().viewPollInterval(),
                snapshots.getIfAvailable(), properties.auth().viewSnapshotEvery());
    }

    @Bean
    SecretAccess secretAccess(CredentialView view, SecretCipher cipher, AuditTrail audit, Clock clock) {
        return new SecretAccess(view, cipher, audit, clock);
    }

    @Bean
    SecretReEncryption secretReEncryption(CredentialView view, SecretCipher cipher, CommandGateway commandGateway) {
        return new SecretReEncryption(view, cipher, commandGateway);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RosterCommandProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.api().maxBodyBytes()));
        registration.setOrder(AFTER_SECURITY);
        return registration;
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, SecretCipher cipher,
                                                                Clock clock, RosterCommandProperties properties) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(store, cipher, clock, properties.api().idempotencyRetention(),
                        properties.api().idempotencyLease()));
        registration.setOrder(AFTER_SECURITY + 10);
        return registration;
    }

    /** Commands carry their request's Idempotency-Key lease, and mark it committed as they commit. */
    @Bean
    CommitMarks commitMarks(IdempotencyStore store, Clock clock, RosterCommandProperties properties,
                            CommandBus commandBus) {
        CommitMarks marks = new CommitMarks(store, clock, properties.api().idempotencyLease());
        commandBus.registerDispatchInterceptor(RequestLeases.stamping());
        commandBus.registerHandlerInterceptor(marks);
        return marks;
    }

    @Bean
    IdempotencyPurge idempotencyPurge(IdempotencyStore store, Clock clock, RosterCommandProperties properties) {
        return new IdempotencyPurge(store, clock, properties);
    }

    /** Deletes idempotency records past their retention, hourly. */
    record IdempotencyPurge(IdempotencyStore store, Clock clock, RosterCommandProperties properties) {
        @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
        void purge() {
            long purged = store.purge(clock.instant().minus(properties.api().idempotencyRetention()));
            if (purged > 0) {
                log.info("purged {} expired idempotency records", purged);
            }
        }
    }
}
