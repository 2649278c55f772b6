package io.roster.sync;

import io.roster.contract.readside.fixture.ServiceSecurityChecks;
import io.roster.devstack.auth.AccessMatrix.Endpoint;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;

/**
 * Who may call what on region-sync, against the table in docs/security.md ({@link ServiceSecurityChecks}).
 * Runs in the application context of {@link SyncIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIT extends ServiceSecurityChecks implements EmbeddedStack {

    @Override
    protected List<Endpoint> serviceEndpoints() {
        return List.of(
                Endpoint.of("GET", "/api/v1/peers", null, READERS),
                // no handler yet (404 once admitted): the rule is in place for when resync lands
                Endpoint.of("POST", "/api/v1/peers/region-2/resync", null, "operator"),
                // not in the table: refused to every role
                Endpoint.of("GET", "/api/v1/peers/region-2", null));
    }

    @Override
    protected String readerPath() {
        return "/api/v1/peers";
    }
}
