package io.roster.sync;

import io.roster.contract.fixture.HexagonArchitecture;

/** The layering rules every service keeps (docs/architecture.md), checked on {@code io.roster.sync}. */
class ArchitectureTest extends HexagonArchitecture {

    ArchitectureTest() {
        super("sync");
    }
}
