package io.roster.query;

import io.roster.contract.readside.fixture.HexagonArchitecture;

/** The layering rules every read service keeps, checked on {@code io.roster.query}. */
class ArchitectureTest extends HexagonArchitecture {

    ArchitectureTest() {
        super("query");
    }
}
