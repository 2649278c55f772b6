package io.roster.command;

import io.roster.contract.fixture.HexagonArchitecture;

/**
 * The layering rules every service keeps (docs/architecture.md), checked on {@code io.roster.command} and its two
 * contexts, {@code lifecycle} and {@code auth}.
 */
class ArchitectureTest extends HexagonArchitecture {

    ArchitectureTest() {
        super("command");
    }
}
