package io.roster.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrowOptionsTest {

    @Test
    void parseShouldDefaultToAMillionDevicesMeasuredAtFourCheckpoints() {
        GrowOptions options = GrowOptions.parse("grow");

        assertThat(options.commandUrl()).isEqualTo("http://localhost:8081");
        assertThat(options.queryUrl()).isEqualTo("http://localhost:8082");
        assertThat(options.concurrency()).isEqualTo(32);
        assertThat(options.devices()).isEqualTo(1_000_000);
        assertThat(options.checkpoints()).containsExactly(0L, 100_000L, 500_000L, 1_000_000L);
        assertThat(options.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.product()).isNull();
        assertThat(options.coldProbe()).isFalse();
        assertThat(options.authType()).isEqualTo("DYNAMIC");
        assertThat(options.timeLimit()).isEqualTo(Duration.ofHours(6));
        assertThat(options.runId()).matches("b[a-z0-9]{7}");
    }

    @Test
    void parseShouldReadEveryOptionInBothForms() {
        GrowOptions options = GrowOptions.parse("grow", "--command", "http://localhost:12081/", "--query=http://localhost:12082",
                "--concurrency=8", "--devices", "3_000", "--checkpoints", "0, 1000,2000", "--window", "5s",
                "--product", "pk1", "--cold-probe", "--auth-type", "static", "--json", "out/g.json",
                "--request-timeout", "2s", "--stall-timeout", "15", "--time-limit", "1h", "--run-id", "g1");

        assertThat(options.commandUrl()).isEqualTo("http://localhost:12081");
        assertThat(options.queryUrl()).isEqualTo("http://localhost:12082");
        assertThat(options.concurrency()).isEqualTo(8);
        assertThat(options.devices()).isEqualTo(3_000);
        assertThat(options.checkpoints()).containsExactly(0L, 1_000L, 2_000L);
        assertThat(options.window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.product()).isEqualTo("pk1");
        assertThat(options.coldProbe()).isTrue();
        assertThat(options.authType()).isEqualTo("STATIC");
        assertThat(options.jsonFile()).isEqualTo(Path.of("out/g.json"));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.stallTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.timeLimit()).isEqualTo(Duration.ofHours(1));
        assertThat(options.runId()).isEqualTo("g1");
    }

    @Test
    void parseShouldRejectWhatItCannotRunNamingTheOption() {
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--checkpoints", "0,500,100")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--checkpoints must be ascending");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--checkpoints", "0,100,100")).isInstanceOf(UsageException.class)
                .hasMessageContaining("without repeats");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--devices", "1000")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--checkpoints must not go beyond --devices (1000)");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--checkpoints", ",")).isInstanceOf(UsageException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--checkpoints", "0,many")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--checkpoints needs a whole number");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--window", "0s")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--window");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--cold-probe")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--cold-probe needs --product");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--run-id", "has space")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--run-id");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--command", "https://localhost:8443")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--command must be an http:// URL");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "--count", "5")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option: --count");
        assertThatThrownBy(() -> GrowOptions.parse("grow", "extra")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument");
    }

    @Test
    void eachPhaseShouldBeAClosedLoopOnOneProductUnderTheRunsId() {
        GrowOptions options = GrowOptions.parse("grow", "--concurrency", "4", "--window", "5s", "--run-id", "g1",
                "--time-limit", "2h");

        BenchOptions fill = options.loadOptions(1_000, options.window());
        BenchOptions window = options.loadOptions(0, options.window());
        BenchOptions probe = options.probeOptions();

        assertThat(fill.countBound()).isTrue();
        assertThat(fill.count()).isEqualTo(1_000);
        assertThat(fill.timeLimit()).isEqualTo(Duration.ofHours(2));
        assertThat(window.countBound()).isFalse();
        assertThat(window.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(List.of(fill, window)).allSatisfy(load -> {
            assertThat(load.products()).isEqualTo(1);
            assertThat(load.concurrency()).isEqualTo(4);
            assertThat(load.openLoop()).isFalse();
            assertThat(load.warmup()).isZero();
            assertThat(load.runId()).isEqualTo("g1");
        });
        assertThat(probe.count()).isEqualTo(1);
        assertThat(probe.concurrency()).isEqualTo(1);
    }
}
