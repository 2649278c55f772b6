package io.roster.query;

import io.roster.contract.fixture.HexagonArchitecture;

/** The layering rules every service keeps (docs/architecture.md), checked on {@code io.roster.query}. */
class ArchitectureTest extends HexagonArchitecture {

    ArchitectureTest() {
        super("query");
    }
}
