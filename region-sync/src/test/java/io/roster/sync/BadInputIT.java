package io.roster.sync;

import io.roster.contract.readside.fixture.BadInputChecks;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;
import java.util.Map;

/**
 * Every endpoint of region-sync answers requests it does not serve with a JSON 4xx, never a 5xx
 * ({@link BadInputChecks}). Runs in the application context of {@link SyncIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputIT extends BadInputChecks implements EmbeddedStack {

    private static final List<String> PATHS = List.of(
            "/api/v1/peers",
            "/api/v1/peers/region-2",
            "/api/v1/peers/region-2/resync",
            "/actuator/health",
            "/actuator/metrics",
            "/actuator/info",
            "/v3/api-docs",
            "/error");

    BadInputIT() {
        super(PATHS, 28, () -> Map.of("operator", token("matrix", "operator", "analyst")));
    }
}
