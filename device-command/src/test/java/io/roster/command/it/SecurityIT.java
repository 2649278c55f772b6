package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.it.Api.Response;
import io.roster.devstack.auth.AccessMatrix;
import io.roster.devstack.auth.AccessMatrix.Endpoint;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what on device-command, against the table in docs/security.md; and the audited secret read. */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class SecurityIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_sec_it");
    }

    @LocalServerPort
    int port;

    Api operator;
    String pk;

    @BeforeEach
    void product() {
        operator = new Api("http://localhost:" + port);
        pk = operator.createProduct("MQTT");
        operator.grant(pk, 100);
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "s1", "authType", "STATIC"));
    }

    private Api as(String role) {
        return new Api("http://localhost:" + port, SharedInfra.tokens().mint("someone-" + role, List.of(role), Duration.ofMinutes(5)));
    }

    @Test
    void everyEndpointShouldAdmitExactlyTheRolesOfTheTable() {
        String device = "{\"deviceKey\":\"m-%s\",\"authType\":\"DYNAMIC\"}";
        List<Endpoint> endpoints = List.of(
                Endpoint.of("POST", "/api/v1/products", "{\"name\":\"n\",\"protocol\":\"MQTT\",\"nodeType\":\"DIRECT\"}", "operator"),
                Endpoint.of("POST", "/api/v1/products/" + pk + "/activation-codes", "{\"count\":1}", "operator"),
                Endpoint.of("GET", "/api/v1/products/" + pk + "/activation-codes", null, "ledger", "operator", "analyst"),
                Endpoint.of("POST", "/api/v1/products/" + pk + "/devices", device.formatted("x"), "operator"),
                Endpoint.of("DELETE", "/api/v1/products/" + pk + "/devices/absent", null, "operator"),
                Endpoint.of("GET", "/api/v1/products/" + pk + "/devices/s1/secret", null, "secrets"),
                Endpoint.of("GET", "/api/v1/audit", null, "analyst", "secrets"),
                Endpoint.of("POST", "/api/v1/admin/secrets/re-encryption", null, "operator"),
                Endpoint.of("POST", "/api/v1/auth/connect", "{}", "gateway"),
                Endpoint.of("POST", "/api/v1/auth/register", "{}", "gateway"),
                Endpoint.of("GET", "/actuator/metrics", null, "operator", "analyst"),
                Endpoint.of("GET", "/v3/api-docs", null, AccessMatrix.ROLES.toArray(String[]::new)));

        assertThat(new AccessMatrix("http://localhost:" + port, SharedInfra.tokens()).violations(endpoints)).isEmpty();
    }

    @Test
    void healthShouldBeOpenToProbes() {
        Response health = new Api("http://localhost:" + port, null).get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
    }

    @Test
    void pingShouldBeOpenAndAnswerWholeWithALength() throws Exception {
        HttpResponse<String> ping = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/ping")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(ping.headers().firstValue("Content-Length")).contains("15");
    }

    @Test
    void unauthenticatedCommandShouldBeRefusedWithoutChangingAnything() {
        Response refused = new Api("http://localhost:" + port, null).post("/api/v1/products/" + pk + "/devices",
                Map.of("deviceKey", "sneaky", "authType", "DYNAMIC"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("error")).isEqualTo("UNAUTHENTICATED");
        assertThat(operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "sneaky", "authType", "DYNAMIC"))
                .status()).isEqualTo(201);
    }

    @Test
    void secretReadShouldHandOutTheSecretOnceAskedAndAuditEveryAttempt() {
        Response added = operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "audited", "authType", "STATIC"));
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "dyn", "authType", "DYNAMIC"));
        Api secrets = as("secrets");

        Response read = secrets.get("/api/v1/products/" + pk + "/devices/audited/secret");
        Response none = secrets.get("/api/v1/products/" + pk + "/devices/dyn/secret");
        Response unknown = secrets.get("/api/v1/products/" + pk + "/devices/ghost/secret");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text("deviceSecret")).isEqualTo(added.text("deviceSecret"));
        assertThat(read.raw().headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.text("error")).isEqualTo("NO_DEVICE_SECRET");
        assertThat(unknown.status()).isEqualTo(404);

        Response trail = as("analyst").get("/api/v1/audit?limit=1000");
        assertThat(trail.status()).isEqualTo(200);
        assertThat(trail.raw().body()).doesNotContain(added.text("deviceSecret"));
        List<String> mine = new java.util.ArrayList<>();
        trail.body().path("items").forEach(r -> {
            if (r.path("target").asText().startsWith(pk + "/")) {
                mine.add(r.path("actor").asText() + " " + r.path("action").asText() + " " + r.path("target").asText()
                        + " " + r.path("outcome").asText() + " " + !r.path("source").asText().isBlank());
            }
        });
        assertThat(mine).containsExactly(
                "someone-secrets DEVICE_SECRET_READ " + pk + "/audited GRANTED true",
                "someone-secrets DEVICE_SECRET_READ " + pk + "/dyn NO_DEVICE_SECRET true",
                "someone-secrets DEVICE_SECRET_READ " + pk + "/ghost UNKNOWN_DEVICE true");
    }
}
