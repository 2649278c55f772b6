package io.roster.query;

import io.roster.devstack.infra.SharedInfra;
import io.roster.devstack.probe.BadInputMatrix;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of device-query answers requests it does not serve (any method, content type, Accept header, body,
 * query string or malformed path) with a JSON 4xx, never a 5xx. Its own application context
 * ({@code properties}), because the matrix may rebuild the projection under other tests' feet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "roster.test.context=bad-input")
class BadInputIT implements EmbeddedStack {

    private static final List<String> PATHS = List.of(
            "/api/v1/products/pk-matrix",
            "/api/v1/products/pk-matrix/devices",
            "/api/v1/products/pk-matrix/devices/dk",
            "/api/v1/products/pk-matrix/devices/export.csv",
            "/api/v1/admin/digest",
            "/api/v1/admin/rebuild",
            "/actuator/health",
            "/actuator/metrics",
            "/actuator/info",
            "/v3/api-docs",
            "/swagger-ui.html",
            "/error");

    @LocalServerPort
    int port;

    @Test
    void noRequestItDoesNotServeShouldGetA5xxOrAnAnswerThatIsNotAJsonError() {
        Map<String, String> tokens = new HashMap<>();
        tokens.put("none", null);
        tokens.put("garbage", "not-a-jwt");
        tokens.put("reader", SharedInfra.tokens().mint("matrix", List.of("operator", "analyst"), Duration.ofMinutes(10)));
        tokens.put("gateway", SharedInfra.tokens().mint("matrix-gw", List.of("gateway"), Duration.ofMinutes(10)));
        BadInputMatrix matrix = new BadInputMatrix(BadInputMatrix.seed(), tokens);

        List<String> violations = matrix.violations("localhost", port, matrix.probes(PATHS, 24));

        assertThat(violations).as("seed %d", matrix.seedUsed()).isEmpty();
    }
}
