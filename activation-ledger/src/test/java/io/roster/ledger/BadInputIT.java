package io.roster.ledger;

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
 * Every endpoint of activation-ledger answers requests it does not serve (any method, content type, Accept header,
 * body, query string or malformed path) with a JSON 4xx, never a 5xx. Its own application context
 * ({@code properties}), because the matrix may rebuild the projection under other tests' feet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "roster.test.context=bad-input")
class BadInputIT implements EmbeddedStack {

    private static final List<String> PATHS = List.of(
            "/api/v1/products/pk-matrix/balance",
            "/api/v1/products/pk-matrix/entries",
            "/api/v1/products/pk-matrix/devices/dk/charged",
            "/api/v1/admin/digest",
            "/api/v1/admin/rebuild",
            "/actuator/health",
            "/actuator/metrics",
            "/v3/api-docs",
            "/error");

    @LocalServerPort
    int port;

    @Test
    void noRequestItDoesNotServeShouldGetA5xxOrAnAnswerThatIsNotAJsonError() {
        Map<String, String> tokens = new HashMap<>();
        tokens.put("none", null);
        tokens.put("garbage", "not-a-jwt");
        tokens.put("reader", SharedInfra.tokens().mint("matrix", List.of("operator", "analyst"), Duration.ofMinutes(10)));
        BadInputMatrix matrix = new BadInputMatrix(BadInputMatrix.seed(), tokens);

        List<String> violations = matrix.violations("localhost", port, matrix.probes(PATHS, 28));

        assertThat(violations).as("seed %d", matrix.seedUsed()).isEmpty();
    }
}
