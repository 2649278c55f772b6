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

    @Override
    protected List<String> paths() {
        return PATHS;
    }

    @Override
    protected int probesPerPath() {
        return 28;
    }

    @Override
    protected Map<String, String> tokens() {
        return Map.of("reader", token("matrix", "operator", "analyst"));
    }
}
