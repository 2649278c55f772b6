package io.roster.devstack.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks every endpoint of a service with every role, and with no token, an expired token and a token
 * signed by another key, and reports each answer that contradicts the role table. Used by each
 * service's security test; the table itself is in docs/security.md.
 */
public final class AccessMatrix {

    /** The roles a token can carry; a token for each is minted. */
    public static final List<String> ROLES = List.of("operator", "analyst", "secrets", "gateway", "region-peer", "ledger");

    /** One endpoint and the roles it admits. {@code body} may be null. */
    public record Endpoint(String method, String path, String body, Set<String> allowed) {
        public static Endpoint of(String method, String path, String body, String... allowed) {
            return new Endpoint(method, path, body, Set.of(allowed));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final LocalTokenIssuer issuer;

    public AccessMatrix(String baseUrl, LocalTokenIssuer issuer) {
        this.baseUrl = baseUrl;
        this.issuer = issuer;
    }

    /** Every contradiction found; empty when the service enforces exactly the table. */
    public List<String> violations(List<Endpoint> endpoints) {
        List<String> violations = new ArrayList<>();
        try (LocalTokenIssuer stranger = LocalTokenIssuer.start(0, null)) {
            String foreign = stranger.mint("mallory", ROLES, Duration.ofMinutes(5));
            String expired = issuer.mint("late", ROLES, Instant.now().minusSeconds(3600), Instant.now().minusSeconds(1800));
            for (Endpoint endpoint : endpoints) {
                expectStatus(endpoint, null, 401, "no token", violations);
                expectStatus(endpoint, expired, 401, "an expired token", violations);
                expectStatus(endpoint, foreign, 401, "a token signed by another key", violations);
                expectStatus(endpoint, issuer.mint("nobody", List.of(), Duration.ofMinutes(5)), 403, "a token without roles", violations);
                for (String role : ROLES) {
                    int status = call(endpoint, issuer.mint("caller-" + role, List.of(role), Duration.ofMinutes(5)));
                    boolean admitted = status != 401 && status != 403;
                    if (admitted != endpoint.allowed().contains(role)) {
                        violations.add(endpoint + " with role " + role + " answered " + status + ", expected "
                                + (endpoint.allowed().contains(role) ? "to be admitted" : "403"));
                    }
                }
            }
        }
        return violations;
    }

    private void expectStatus(Endpoint endpoint, String token, int expected, String what, List<String> violations) {
        int status = call(endpoint, token);
        if (status != expected) {
            violations.add(endpoint + " with " + what + " answered " + status + ", expected " + expected);
        }
    }

    private int call(Endpoint endpoint, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + endpoint.path()))
                .timeout(Duration.ofSeconds(30))
                .method(endpoint.method(), endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(endpoint.body()));
        if (endpoint.body() != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("calling " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
