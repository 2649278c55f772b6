package io.roster.ledger;

import io.roster.contract.readside.fixture.HexagonArchitecture;

/** The layering rules every read service keeps, checked on {@code io.roster.ledger}. */
class ArchitectureTest extends HexagonArchitecture {

    ArchitectureTest() {
        super("ledger");
    }
}
