package io.roster.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerRebuildOptionsTest {

    @Test
    void parseShouldDefaultToAMillionEventsOverAHundredProductsAgainstTheReadmeStack() {
        LedgerRebuildOptions options = LedgerRebuildOptions.parse("ledger-rebuild");

        assertThat(options.ledgerUrl()).isEqualTo("http://localhost:8083");
        assertThat(options.kafkaBootstrap()).isEqualTo("localhost:9092");
        assertThat(options.topic()).isEqualTo("device.events");
        assertThat(options.ledgerGroup()).isEqualTo("activation-ledger");
        assertThat(options.events()).isEqualTo(1_000_000);
        assertThat(options.products()).isEqualTo(100);
        assertThat(options.fill()).isTrue();
        assertThat(options.region()).isEqualTo("region-1");
        assertThat(options.runId()).matches("b[a-z0-9]{7}");
        assertThat(options.runIdGiven()).isFalse();
        assertThat(options.checksBalances()).isTrue();
        assertThat(options.jsonFile()).isNull();
        assertThat(options.plainRounds()).isEqualTo(2);
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.settleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void parseShouldReadEveryOptionInBothForms(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("analyst.jwt");
        Files.writeString(token, "eyJ.analyst.token\n");

        LedgerRebuildOptions options = LedgerRebuildOptions.parse("ledger-rebuild", "--ledger", "http://localhost:12083/",
                "--kafka=localhost:12092", "--topic", "other.events", "--ledger-group", "ledger-2", "--events", "100_000",
                "--products=20", "--no-fill", "--region", "region-2", "--run-id", "r1", "--json", "out/l.json", "--plain-rounds", "3",
                "--poll-interval", "50ms", "--settle-timeout", "2m", "--timeout=10m", "--token-file", token.toString());

        assertThat(options.ledgerUrl()).isEqualTo("http://localhost:12083");
        assertThat(options.kafkaBootstrap()).isEqualTo("localhost:12092");
        assertThat(options.topic()).isEqualTo("other.events");
        assertThat(options.ledgerGroup()).isEqualTo("ledger-2");
        assertThat(options.events()).isEqualTo(100_000);
        assertThat(options.products()).isEqualTo(20);
        assertThat(options.fill()).isFalse();
        assertThat(options.region()).isEqualTo("region-2");
        assertThat(options.runId()).isEqualTo("r1");
        assertThat(options.runIdGiven()).isTrue();
        assertThat(options.checksBalances()).isTrue();
        assertThat(options.jsonFile()).isEqualTo(Path.of("out/l.json"));
        assertThat(options.plainRounds()).isEqualTo(3);
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.settleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.token()).isEqualTo("eyJ.analyst.token");
        assertThat(options.toString()).doesNotContain("eyJ").contains("with token");
    }

    @Test
    void withoutAFillTheBalancesAreCheckedOnlyForAnEarlierFillsRunId() {
        assertThat(LedgerRebuildOptions.parse("ledger-rebuild", "--no-fill").checksBalances()).isFalse();
        assertThat(LedgerRebuildOptions.parse("ledger-rebuild", "--no-fill", "--run-id", "abc").checksBalances()).isTrue();
    }

    @Test
    void parseShouldRejectWhatItCannotRunNamingTheOption() {
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--events", "0")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--events must be between");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--products", "0")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--products must be between");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--events", "150", "--products", "100"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--events/--products: at least two events per product");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--run-id", "toolong123")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--run-id: the run id must be 1-8 letters or digits");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--ledger", "localhost:8083")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--ledger needs an http:// or https:// URL");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--plain-rounds", "0")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--plain-rounds must be between 1 and 10");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--poll-interval", "0s")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--poll-interval must be positive");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--events", "many")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--events needs a whole number");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "--count", "5")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option: --count");
        assertThatThrownBy(() -> LedgerRebuildOptions.parse("ledger-rebuild", "extra")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument");
    }

    @Test
    void theUsageNamesTheModeAndEveryOption() {
        assertThat(LedgerRebuildOptions.USAGE).contains("roster-bench.jar ledger-rebuild")
                .contains("--ledger URL").contains("--no-fill").contains("--token-file FILE");
        assertThat(BenchOptions.USAGE).contains("ledger-rebuild");
    }
}
