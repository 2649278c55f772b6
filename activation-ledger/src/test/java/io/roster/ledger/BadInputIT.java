package io.roster.ledger;

import io.roster.contract.readside.fixture.BadInputChecks;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;
import java.util.Map;

/**
 * Every endpoint of activation-ledger answers requests it does not serve with a JSON 4xx, never a 5xx
 * ({@link BadInputChecks}). Its own application context
 * ({@code properties}), because the matrix may rebuild the projection under other tests' feet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "roster.test.context=bad-input")
class BadInputIT extends BadInputChecks implements EmbeddedStack {

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

    BadInputIT() {
        super(PATHS, 28, () -> Map.of("reader", token("matrix", "operator", "analyst")));
    }
}
