package io.roster.contract.readside.config;

import io.roster.contract.security.Role;
import io.roster.contract.security.RosterSecurity;
import io.roster.contract.security.RosterSecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may call which endpoint of a read side (device-query, activation-ledger): the same rules for both;
 * the table with the reasons is in docs/security.md.
 */
@Configuration(proxyBeanMethods = false)
public class ReadSideSecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, RosterSecurityProperties properties) throws Exception {
        return RosterSecurity.filterChain(http, properties, rules -> {
            // analysts rebuild projections by design: a rebuild only replays the topic
            rules.requestMatchers(POST, "/api/v1/admin/rebuild").hasAnyRole(Role.names(Role.OPERATOR, Role.ANALYST));
            rules.requestMatchers(GET, "/api/v1/**").hasAnyRole(Role.names(Role.OPERATOR, Role.ANALYST));
        });
    }
}
