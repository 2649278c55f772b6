package io.roster.ledger;

import io.roster.contract.fixture.HexagonArchitecture;

/** The layering rules every service keeps (docs/architecture.md), checked on {@code io.roster.ledger}. */
class ArchitectureTest extends HexagonArchitecture {

    ArchitectureTest() {
        super("ledger");
    }
}
