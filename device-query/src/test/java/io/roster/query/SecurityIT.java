package io.roster.query;

import io.roster.contract.readside.fixture.TestHttp;
import io.roster.contract.readside.fixture.TestHttp.Answer;
import io.roster.devstack.auth.AccessMatrix;
import io.roster.devstack.auth.AccessMatrix.Endpoint;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;

import static io.roster.contract.readside.fixture.ReadSideDriver.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what on device-query, against the table in docs/security.md. Runs in the application
 * context of {@link DeviceQueryIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIT implements EmbeddedStack {

    private static final String[] READERS = {"operator", "analyst"};
    private static final String[] EVERY_ROLE = AccessMatrix.ROLES.toArray(String[]::new);

    @LocalServerPort
    int port;

    @Test
    void everyEndpointShouldAdmitExactlyTheRolesOfTheTable() {
        String pk = "pk-security-it";
        List<Endpoint> endpoints = List.of(
                Endpoint.of("GET", "/api/v1/products/" + pk, null, READERS),
                Endpoint.of("GET", "/api/v1/products/" + pk + "/devices", null, READERS),
                Endpoint.of("GET", "/api/v1/products/" + pk + "/devices/dk", null, READERS),
                Endpoint.of("GET", "/api/v1/admin/digest", null, READERS),
                Endpoint.of("POST", "/api/v1/admin/rebuild", null, READERS),
                // not in the table: refused to every role
                Endpoint.of("POST", "/api/v1/products/" + pk, null),
                Endpoint.of("GET", "/actuator/metrics", null, READERS),
                Endpoint.of("GET", "/actuator/info", null, READERS),
                Endpoint.of("GET", "/v3/api-docs", null, EVERY_ROLE),
                Endpoint.of("GET", "/swagger-ui.html", null, EVERY_ROLE));

        assertThat(new AccessMatrix("http://localhost:" + port, SharedInfra.tokens()).violations(endpoints)).isEmpty();
    }

    @Test
    void healthShouldBeOpenToProbesButShowDetailsOnlyToReaders() {
        Answer anonymous = new TestHttp(port).get("/actuator/health");
        Answer reader = new TestHttp(port, token("operator")).get("/actuator/health");

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(reader.status()).isEqualTo(200);
        assertThat(reader.json().get("components").get("mongo").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void refusalsShouldBeJsonAndSayNoMoreThanTheirCode() {
        assertError(new TestHttp(port).get("/api/v1/products/pk"), 401, "UNAUTHENTICATED");
        assertError(new TestHttp(port, "not-a-jwt").get("/api/v1/products/pk"), 401, "UNAUTHENTICATED");
        assertError(new TestHttp(port, token("gateway")).get("/api/v1/products/pk"), 403, "FORBIDDEN");
    }

    private static String token(String role) {
        return SharedInfra.tokens().mint("security-it-" + role, List.of(role), Duration.ofMinutes(5));
    }
}
