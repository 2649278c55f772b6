package io.roster.contract.security;

import io.roster.contract.web.ErrorAnswer;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@link RosterSecurityProperties} available to every service that has Spring Security, and
 * decodes bearer tokens against the configured JWKS, issuer and audience with a cache of validated tokens; its
 * request firewall checks headers without a regular expression per header ({@link HeaderCharacters}) and its
 * refusals are JSON.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, NimbusJwtDecoder.class})
@EnableConfigurationProperties({RosterSecurityProperties.class, OAuth2ResourceServerProperties.class})
public class RosterSecurityAutoConfiguration {

    /** Distinct tokens remembered at most; callers (services, gateways) are few, tokens long-lived. */
    private static final int VALIDATED_TOKENS = 10_000;

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
    JwtDecoder rosterJwtDecoder(OAuth2ResourceServerProperties properties) {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        decoder.setJwtValidator(validator(jwt.getIssuerUri(), jwt.getAudiences()));
        return new CachingJwtDecoder(decoder, VALIDATED_TOKENS, Clock.systemUTC());
    }

    /**
     * Timestamps always; {@code iss} when an issuer is configured; and when audiences are configured
     * ({@code ROSTER_JWT_AUDIENCE}, comma-separated), an {@code aud} that names at least one of them.
     */
    static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(issuer == null ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer));
        List<String> expected = audiences == null ? List.of()
                : audiences.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        if (!expected.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.stream().anyMatch(expected::contains)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class)
    HttpFirewall rosterHttpFirewall() {
        return HeaderCharacters.firewall();
    }

    /**
     * A request the firewall rejects (an unknown method, {@code //} or {@code ;} in the path, a header with control
     * characters) gets the JSON 400 at once: forwarded to {@code /error}, the firewall would reject it again there
     * and leave the answer without a body.
     */
    @Bean
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    RequestRejectedHandler rosterRequestRejectedHandler() {
        return (request, response, rejected) -> ErrorAnswer.of(HttpServletResponse.SC_BAD_REQUEST).write(response);
    }

    /**
     * No observation around each security filter, authentication and authorization: together ~10% of a
     * request's CPU. Request metrics still come from the HTTP server observation.
     */
    @Bean
    @ConditionalOnMissingBean(SecurityObservationSettings.class)
    SecurityObservationSettings rosterSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
