package io.roster.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerApplicationTest {

    @Test
    void theRebuildFlagStandsForTheRebuildOnStartProperty() {
        assertThat(LedgerApplication.withFlags(new String[]{"--server.port=0", "--rebuild"}))
                .containsExactly("--server.port=0", "--roster.ledger.rebuild-on-start=true");
    }

    @Test
    void otherArgumentsPassUnchanged() {
        assertThat(LedgerApplication.withFlags(new String[]{"--rebuilding", "rebuild"}))
                .containsExactly("--rebuilding", "rebuild");
    }
}
