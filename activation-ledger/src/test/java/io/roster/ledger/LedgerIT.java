package io.roster.ledger;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link LedgerScenarios} against the embedded Kafka broker and MongoDB-wire server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LedgerIT extends LedgerScenarios implements EmbeddedStack {
}
