package io.roster.command.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.command.CommandApplication;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.devstack.infra.SharedInfra;
import io.roster.devstack.probe.BadInputMatrix.Answer;
import io.roster.devstack.probe.BadInputMatrix.Probe;
import io.roster.devstack.probe.BadInputMatrix;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of both device-command ports answers requests it does not serve (any method, content type, Accept
 * header, body, query string or malformed path; with and without a token that passes every role check) with a JSON
 * 4xx, never a 5xx, and none of them records an event.
 */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class BadInputIT {

    /** Keys nothing was created under: a request that got through anyway would answer 404, not change them. */
    private static final String PRODUCT = "/api/v1/products/pk-matrix-absent";
    private static final List<String> API_PATHS = List.of(
            "/api/v1/products",
            PRODUCT + "/activation-codes",
            PRODUCT + "/devices",
            PRODUCT + "/devices/dk",
            PRODUCT + "/devices/dk/secret",
            PRODUCT + "/devices/dk/secret/reset",
            PRODUCT + "/devices/dk/fingerprint/reset",
            PRODUCT + "/ca-certificates",
            PRODUCT + "/ca-certificates/ca-1/verification",
            "/api/v1/audit",
            "/api/v1/admin/secrets/re-encryption",
            "/api/v1/ping",
            "/api/v1/auth/connect",
            "/api/v1/auth/register",
            "/api/v1/auth/emqx",
            "/actuator/health",
            "/actuator/metrics",
            "/v3/api-docs",
            "/error");
    private static final List<String> DECISION_PATHS = List.of(
            "/api/v1/ping",
            "/api/v1/auth/connect",
            "/api/v1/auth/emqx",
            "/api/v1/auth/register",
            "/api/v1/products");
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_bad_input_it");
    }

    @LocalServerPort
    int port;

    @Autowired
    DecisionServer decisionServer;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void noRequestItDoesNotServeShouldGetA5xxOrAnAnswerThatIsNotAJsonErrorOrChangeAnything() {
        Api operator = new Api("http://localhost:" + port);
        String pk = operator.createProduct("MQTT");
        operator.grant(pk, 1);
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "kept", "authType", "STATIC"));
        long events = events();
        Map<String, String> tokens = new HashMap<>();
        tokens.put("none", null);
        tokens.put("garbage", "not-a-jwt");
        tokens.put("every role", SharedInfra.tokens().mint("matrix",
                List.of("operator", "analyst", "secrets", "gateway", "ledger"), Duration.ofMinutes(10)));
        BadInputMatrix matrix = new BadInputMatrix(BadInputMatrix.seed(), tokens);

        List<String> violations = new ArrayList<>(matrix.violations("localhost", port, matrix.probes(API_PATHS, 12)));
        violations.addAll(matrix.violations("localhost", decisionServer.port(), matrix.probes(DECISION_PATHS, 12)));

        assertThat(violations).as("seed %d", matrix.seedUsed()).isEmpty();
        assertThat(events()).as("events recorded, seed %d", matrix.seedUsed()).isEqualTo(events);
        assertThat(operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "kept", "authType", "STATIC"))
                .text("error")).isEqualTo("DEVICE_EXISTS");
    }

    @Test
    void multipartAndOddAcceptHeadersShouldGetTheirJsonError() throws IOException {
        String operator = SharedInfra.tokens().mint("matrix", List.of("operator"), Duration.ofMinutes(10));
        byte[] multipart = "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b--\r\n"
                .getBytes(StandardCharsets.UTF_8);

        assertAnswer(send("POST", "/api/v1/products", "multipart/form-data; boundary=b", "", multipart, operator),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertAnswer(send("DELETE", PRODUCT + "/devices/dk", "multipart/form-data; boundary=b", "", multipart, operator),
                404, "UNKNOWN_PRODUCT");
        assertAnswer(send("PUT", PRODUCT + "/devices", "application/x-www-form-urlencoded", "", "a=%zz".getBytes(StandardCharsets.UTF_8),
                operator), 405, "METHOD_NOT_ALLOWED");
        assertAnswer(send("POST", "/api/v1/products", "application/json", "text/csv", "{}".getBytes(StandardCharsets.UTF_8),
                operator), 406, "NOT_ACCEPTABLE");
        assertAnswer(send("GET", "/api/v1/products/a%2Fb", "", "image/png", new byte[0], operator), 400, "MALFORMED_REQUEST");
        assertAnswer(send("GET", "/error", "", "application/xml", new byte[0], null), 404, "NOT_FOUND");
    }

    private Answer send(String method, String target, String contentType, String accept, byte[] body, String token)
            throws IOException {
        return BadInputMatrix.send("localhost", port, new Probe(method, target, contentType, accept, "given", body,
                "given", token));
    }

    private static void assertAnswer(Answer answer, int status, String error) throws IOException {
        assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo(error);
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domainevententry", Long.class);
    }
}
