package io.roster.contract.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code roster.security.*}: the claim that carries roles. The issuer and its keys are Spring's
 * standard {@code spring.security.oauth2.resourceserver.jwt.*} settings.
 */
@ConfigurationProperties("roster.security")
public record RosterSecurityProperties(String rolesClaim) {

    public RosterSecurityProperties {
        if (rolesClaim == null || rolesClaim.isBlank()) {
            rolesClaim = "roles";
        }
    }
}
