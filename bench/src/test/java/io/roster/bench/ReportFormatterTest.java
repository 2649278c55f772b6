package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFormatterTest {

    static BenchReport report(boolean kafkaPassed, List<String> problems) {
        DeliveryCheck.Result check = new DeliveryCheck.Result(61_250, 60_000, 60_000, 0, kafkaPassed ? 0 : 2, 0, 0, 0,
                kafkaPassed ? 0 : 2, kafkaPassed ? 0 : 2, 0, 0, kafkaPassed ? List.of() : List.of("2 DeviceAdded records for p/d"));
        return new BenchReport("b1234567", "2025-01-01T00:00:00Z",
                new BenchReport.Machine(2, 25_000_000_000L, "Some CPU @ 2.0GHz", "Linux amd64", "Eclipse Adoptium 17.0.16+8",
                        "openjdk version \"17.0.16\""),
                "postgres",
                new BenchReport.Setup("closed loop", 32, 8, 0, 60, 0, 10, "DYNAMIC", "http://localhost:8081",
                        "http://localhost:8082", "localhost:9092", "device.events"),
                12_345,
                new BenchReport.Adds(60_000, 60_000, 0, 0, 0, 50_000, 50.0, 1_000.0, 812, 1_230, false, List.of()),
                new BenchReport.Latency("send", 50_000, 25.1, 40.2, 80.3, 120.0, 230.0, 27.0),
                new BenchReport.Kafka(true, kafkaPassed, 2_100, check),
                new BenchReport.ReadSide(true, 0.35, 1_234, 1.2, 480, List.of(),
                        List.of(new BenchReport.LagSample(1.0, 900, 850, 800, 0.1))),
                new BenchReport.Mongo(new BenchReport.MongoUse(true, 121_000, 2.017, Map.of("update", 60_000L, "find", 1_000L)),
                        BenchReport.MongoUse.none()),
                problems.isEmpty(), problems);
    }

    @Test
    void textShouldStateTheNumbersThatMatterOnOneLineEach() {
        String text = ReportFormatter.text(report(true, List.of()));

        assertThat(text).contains("PASSED")
                .contains("2 cores, 23.3 GiB, Some CPU @ 2.0GHz")
                .contains("backend    postgres")
                .contains("closed loop, 32 workers, 8 products, 60 s (first 10 s warm-up, not measured)")
                .contains("12,345 records on the topic before the run")
                .contains("1,000.0 adds/s over 50.0 s")
                .contains("p50 25.1 ms  p90 40.2 ms  p99 80.3 ms")
                .contains("OK, exactly once: 60,000 of 60,000 adds seen, 0 missing, 0 doubled")
                .contains("caught up 0.35 s after the last add; during the run at most 1,234 adds / 1.20 s behind")
                .contains("device-query 2.02 round trips/add (121,000 commands: update 60,000, find 1,000)")
                .contains("device-command n/a");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(300));
    }

    @Test
    void textShouldListProblemsAndTheKafkaExamples() {
        String text = ReportFormatter.text(report(false, List.of("Kafka check failed")));

        assertThat(text).contains("FAILED").contains("kafka      FAILED:").contains("2 DeviceAdded records for p/d")
                .contains("problem    Kafka check failed");
    }

    @Test
    void jsonShouldCarryTheWholeReport() throws Exception {
        JsonNode json = ReportFormatter.mapper().readTree(ReportFormatter.json(report(true, List.of())));

        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("adds").path("perSecond").asDouble()).isEqualTo(1_000.0);
        assertThat(json.path("latency").path("p99").asDouble()).isEqualTo(80.3);
        assertThat(json.path("kafka").path("result").path("duplicateEventIds").asLong()).isZero();
        assertThat(json.path("readSide").path("samples")).hasSize(1);
        assertThat(json.path("mongo").path("query").path("perCommand").path("update").asLong()).isEqualTo(60_000);
    }
}
