package io.roster.command.config;

import io.roster.contract.security.Role;
import io.roster.contract.security.RosterSecurity;
import io.roster.contract.security.RosterSecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/** Who may call which command endpoint; the table with the reasons is in docs/security.md. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, RosterSecurityProperties properties) throws Exception {
        return RosterSecurity.filterChain(http, properties, rules -> {
            rules.requestMatchers(GET, "/api/v1/ping").permitAll();
            rules.requestMatchers("/api/v1/auth/**").hasRole(Role.GATEWAY.roleName());
            rules.requestMatchers(GET, "/api/v1/products/*/devices/*/secret").hasRole(Role.SECRETS.roleName());
            rules.requestMatchers(GET, "/api/v1/products/*/activation-codes")
                    .hasAnyRole(Role.names(Role.LEDGER, Role.OPERATOR, Role.ANALYST));
            rules.requestMatchers(GET, "/api/v1/audit").hasAnyRole(Role.names(Role.ANALYST, Role.SECRETS));
            rules.requestMatchers(POST, "/api/v1/admin/secrets/re-encryption").hasRole(Role.OPERATOR.roleName());
            rules.requestMatchers(POST, "/api/v1/products", "/api/v1/products/**").hasRole(Role.OPERATOR.roleName());
            rules.requestMatchers(PUT, "/api/v1/products/**").hasRole(Role.OPERATOR.roleName());
            rules.requestMatchers(DELETE, "/api/v1/products/**").hasRole(Role.OPERATOR.roleName());
        });
    }
}
