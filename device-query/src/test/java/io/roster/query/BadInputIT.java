package io.roster.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.contract.readside.fixture.BadInputChecks;
import io.roster.devstack.infra.SharedInfra;
import io.roster.devstack.probe.BadInputMatrix;
import io.roster.devstack.probe.BadInputMatrix.Answer;
import io.roster.devstack.probe.BadInputMatrix.Probe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of device-query answers requests it does not serve with a JSON 4xx, never a 5xx
 * ({@link BadInputChecks}), and names its refusal. Its own application context
 * ({@code properties}), because the matrix may rebuild the projection under other tests' feet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "roster.test.context=bad-input")
class BadInputIT extends BadInputChecks implements EmbeddedStack {

    private static final List<String> PATHS = List.of(
            "/api/v1/products/pk-matrix",
            "/api/v1/products/pk-matrix/devices",
            "/api/v1/products/pk-matrix/devices/dk",
            "/api/v1/products/pk-matrix/devices/export.csv",
            "/api/v1/cross-region/devices",
            "/api/v1/admin/digest",
            "/api/v1/admin/rebuild",
            "/actuator/health",
            "/actuator/metrics",
            "/actuator/info",
            "/v3/api-docs",
            "/swagger-ui.html",
            "/error");

    private static final ObjectMapper JSON = new ObjectMapper();

    BadInputIT() {
        super(PATHS, 24, () -> Map.of("reader", token("matrix", "operator", "analyst"),
                "gateway", token("matrix-gw", "gateway")));
    }

    @Test
    void answersNoEndpointServesShouldNameTheirRefusalInJson() throws IOException {
        String reader = SharedInfra.tokens().mint("matrix", List.of("analyst"), Duration.ofMinutes(10));

        assertAnswer(get("/api/v1/products/pk-matrix/devices/export.csv", "text/csv", reader), 404, "UNKNOWN_DEVICE");
        assertAnswer(get("/api/v1/admin/digest", "text/csv", reader), 406, "NOT_ACCEPTABLE");
        assertAnswer(get("/api/v1/admin/digest", "not a media type", reader), 406, "NOT_ACCEPTABLE");
        assertAnswer(get("/api/v1/products/a%2Fb", "image/png", reader), 400, "MALFORMED_REQUEST");
        assertAnswer(get("/api/v1/products/a;b", "application/xml", reader), 400, "MALFORMED_REQUEST");
        assertAnswer(get("/error", "text/csv", null), 404, "NOT_FOUND");
    }

    private Answer get(String target, String accept, String token) throws IOException {
        return BadInputMatrix.send("localhost", port, new Probe("GET", target, "", accept, "empty", new byte[0],
                "given", token));
    }

    private static void assertAnswer(Answer answer, int status, String error) throws IOException {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo(error);
    }
}
