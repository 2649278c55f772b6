package io.roster.contract.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The one way every service secures its HTTP API: stateless bearer-token (JWT) authentication, roles
 * from the configured claim, JSON refusals, health open to probes, and whatever a service's rules do
 * not admit explicitly is denied.
 */
public final class RosterSecurity {

    private RosterSecurity() {
    }

    /** Rules of one service, e.g. {@code r -> r.requestMatchers(GET, "/api/v1/**").hasAnyRole(...)}. */
    @FunctionalInterface
    public interface Rules {
        void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry registry);
    }

    public static SecurityFilterChain filterChain(HttpSecurity http, RosterSecurityProperties properties, Rules rules)
            throws Exception {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new RolesClaimConverter(properties.rolesClaim()));
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .anonymous(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(JsonSecurityErrors.entryPoint())
                        .accessDeniedHandler(JsonSecurityErrors.accessDenied()))
                .oauth2ResourceServer(o -> o.bearerTokenResolver(new HeaderBearerTokenResolver())
                        .jwt(j -> j.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(JsonSecurityErrors.entryPoint())
                        .accessDeniedHandler(JsonSecurityErrors.accessDenied()))
                .authorizeHttpRequests(registry -> {
                    registry.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll();
                    registry.requestMatchers(HttpMethod.GET, "/actuator/**")
                            .hasAnyRole(Role.names(Role.OPERATOR, Role.ANALYST));
                    registry.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                            "/swagger-ui/**").hasAnyRole(Role.names(Role.values()));
                    registry.requestMatchers("/error").permitAll();
                    rules.apply(registry);
                    registry.anyRequest().denyAll();
                });
        return http.build();
    }
}
