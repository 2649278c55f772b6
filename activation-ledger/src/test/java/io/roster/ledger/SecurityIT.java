package io.roster.ledger;

import io.roster.contract.readside.fixture.ServiceSecurityChecks;
import io.roster.devstack.auth.AccessMatrix.Endpoint;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may call what on activation-ledger, against the table in docs/security.md ({@link ServiceSecurityChecks}).
 * Runs in the application context of {@link LedgerIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIT extends ServiceSecurityChecks implements EmbeddedStack {

    private static final String PK = "pk-security-it";

    @Override
    protected List<Endpoint> serviceEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                Endpoint.of("GET", "/api/v1/products/" + PK + "/balance", null, READERS),
                Endpoint.of("GET", "/api/v1/products/" + PK + "/entries", null, READERS),
                Endpoint.of("GET", "/api/v1/products/" + PK + "/devices/dk/charged", null, READERS)));
        endpoints.addAll(readSideAdmin());
        // not in the table: refused to every role
        endpoints.add(Endpoint.of("POST", "/api/v1/products/" + PK + "/balance", null));
        return endpoints;
    }

    @Override
    protected String readerPath() {
        return "/api/v1/products/pk/balance";
    }
}
