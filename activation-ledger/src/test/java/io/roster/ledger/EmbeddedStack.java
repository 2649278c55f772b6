package io.roster.ledger;

import io.roster.contract.readside.fixture.ReadSideStack;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the application against the embedded Kafka broker and MongoDB-wire server, with a topic and
 * database of its own. Spring finds the property source through the interface, so every test class that
 * implements it has the same context configuration and they all share one application context.
 */
interface EmbeddedStack {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ReadSideStack.embedded(registry, LedgerScenarios.SHORT_NAME, LedgerScenarios.SERVICE);
    }
}
