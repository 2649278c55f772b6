package io.roster.sync;

import io.roster.contract.readside.fixture.HexagonArchitecture;

/** The layering rules every read service keeps, checked on {@code io.roster.sync}. */
class ArchitectureTest extends HexagonArchitecture {

    ArchitectureTest() {
        super("sync");
    }
}
