package io.roster.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void parseShouldDefaultToAOneMinuteClosedLoopAgainstTheLocalStack() {
        BenchOptions options = BenchOptions.parse("adds");

        assertThat(options.commandUrl()).isEqualTo("http://localhost:8081");
        assertThat(options.queryUrl()).isEqualTo("http://localhost:8082");
        assertThat(options.kafkaBootstrap()).isEqualTo("localhost:9092");
        assertThat(options.topic()).isEqualTo("device.events");
        assertThat(options.products()).isEqualTo(8);
        assertThat(options.concurrency()).isEqualTo(32);
        assertThat(options.countBound()).isFalse();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.openLoop()).isFalse();
        assertThat(options.kafkaCheck()).isTrue();
        assertThat(options.authType()).isEqualTo("DYNAMIC");
        assertThat(options.runId()).matches("b[a-z0-9]{7}");
    }

    @Test
    void parseShouldReadEveryOptionInBothForms() {
        BenchOptions options = BenchOptions.parse("adds", "--command", "http://localhost:9081/", "--query=http://localhost:9082",
                "--kafka", "localhost:10092", "--topic", "t", "--products", "3", "--concurrency=4", "--count", "1_000",
                "--rate", "250.5", "--warmup", "500ms", "--auth-type", "static", "--backend", "mongo", "--json", "out/r.json",
                "--request-timeout", "2s", "--catch-up-timeout", "1m", "--stall-timeout", "15", "--time-limit", "1h",
                "--sample-interval", "0", "--no-kafka-check", "--run-id", "abc123");

        assertThat(options.commandUrl()).isEqualTo("http://localhost:9081");
        assertThat(options.queryUrl()).isEqualTo("http://localhost:9082");
        assertThat(options.kafkaBootstrap()).isEqualTo("localhost:10092");
        assertThat(options.topic()).isEqualTo("t");
        assertThat(options.products()).isEqualTo(3);
        assertThat(options.concurrency()).isEqualTo(4);
        assertThat(options.count()).isEqualTo(1_000);
        assertThat(options.countBound()).isTrue();
        assertThat(options.rate()).isEqualTo(250.5);
        assertThat(options.openLoop()).isTrue();
        assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.authType()).isEqualTo("STATIC");
        assertThat(options.backend()).isEqualTo("mongo");
        assertThat(options.jsonFile()).isEqualTo(Path.of("out/r.json"));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.catchUpTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.stallTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.timeLimit()).isEqualTo(Duration.ofHours(1));
        assertThat(options.sampleInterval()).isZero();
        assertThat(options.kafkaCheck()).isFalse();
        assertThat(options.runId()).isEqualTo("abc123");
    }

    @Test
    void parseShouldRejectWhatItCannotRunNamingTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse("--concurrency", "0")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "soon")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> BenchOptions.parse("--count")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--count needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--command", "localhost:8081")).isInstanceOf(UsageException.class)
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> BenchOptions.parse("--command", "https://localhost:8443")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--command must be an http:// URL");
        assertThatThrownBy(() -> BenchOptions.parse("--count", "3000000000")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--count");
        assertThatThrownBy(() -> BenchOptions.parse("--auth-type", "PSK")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--auth-type");
        assertThatThrownBy(() -> BenchOptions.parse("--run-id", "has space")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--run-id");
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "10s", "--warmup", "10s")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--warmup");
        assertThatThrownBy(() -> BenchOptions.parse("--frobnicate", "1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option: --frobnicate");
        assertThatThrownBy(() -> BenchOptions.parse("adds", "extra")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument");
    }

    @Test
    void tokenFileShouldBeReadAndNeverPrinted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("operator.jwt");
        Files.writeString(file, "eyJ.secret.token\n");

        BenchOptions options = BenchOptions.parse("adds", "--token-file", file.toString());

        assertThat(options.token()).isEqualTo("eyJ.secret.token");
        assertThat(options.toString()).doesNotContain("eyJ").contains("with token");
        assertThat(options.withToken("other").token()).isEqualTo("other");
        assertThatThrownBy(() -> BenchOptions.parse("--token-file", dir.resolve("missing").toString()))
                .isInstanceOf(UsageException.class).hasMessageContaining("cannot read");
    }

    @Test
    void wantsHelpShouldSpotEitherSpelling() {
        assertThat(BenchOptions.wantsHelp("adds", "--help")).isTrue();
        assertThat(BenchOptions.wantsHelp("-h")).isTrue();
        assertThat(BenchOptions.wantsHelp("adds")).isFalse();
    }
}
