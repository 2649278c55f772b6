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

    static GrowReport growReport(Double rateRatio) {
        BenchReport.Machine machine = report(true, List.of()).machine();
        return new GrowReport("g1", "2026-01-01T00:00:00Z", machine,
                new GrowReport.Setup("http://localhost:8081", 32, 1_000_000, List.of(0L, 1_000_000L), 30, "DYNAMIC", "pk1",
                        true, 0),
                List.of(checkpoint(0, 0, 1_200.0, 12.5, new GrowReport.Heap(200L << 20, -1)),
                        checkpoint(1_000_000, 1_000_000, 600.0, 40.0, new GrowReport.Heap(700L << 20, 512L << 20))),
                1_036_000, rateRatio, 3.2,
                new GrowReport.Totals(1_036_000, 1_036_000, 0, 0, 0, 1_600_000, List.of()),
                List.of("jvm.gc.live.data.size absent or 0 at checkpoint(s) [0] (no major GC yet): heap used only there"),
                true, List.of());
    }

    private static GrowReport.Checkpoint checkpoint(long at, long devices, double rate, double p99, GrowReport.Heap heap) {
        return new GrowReport.Checkpoint(at, devices,
                new BenchReport.Adds((long) rate * 30, (long) rate * 30, 0, 0, 0, (long) rate * 30, 30, rate, 0, 0, false,
                        List.of()),
                new BenchReport.Latency("send", (long) rate * 30, 5.0, 9.0, p99, p99, 2 * p99, 6.0), heap);
    }

    @Test
    void growTextShouldTabulateTheCheckpointsAndTheRatios() {
        String text = ReportFormatter.text(growReport(0.5));

        assertThat(text).contains("PASSED")
                .contains("2 cores, 23.3 GiB, Some CPU @ 2.0GHz")
                .contains("pk1 (created by this run)")
                .contains("closed loop, 32 workers, DYNAMIC devices, grown to 1,000,000, 30 s measured at each checkpoint")
                .containsPattern("checkpoint +devices +adds/s +p50 ms +p99 ms +max ms +heap used +live data")
                .containsPattern("\\s0 +0 +1200.0 +5.0 +12.5 +25.0 +200.0 MiB +n/a")
                .containsPattern("1,000,000 +1,000,000 +600.0 +5.0 +40.0 +80.0 +700.0 MiB +512.0 MiB")
                .contains("rate@last/rate@first 0.50, p99@last/p99@first 3.20")
                .contains("note       jvm.gc.live.data.size absent or 0");
        assertThat(ReportFormatter.text(growReport(null))).contains("rate@last/rate@first n/a");
    }

    @Test
    void growJsonShouldCarryTheCheckpoints() throws Exception {
        JsonNode json = ReportFormatter.mapper().readTree(ReportFormatter.json(growReport(null)));

        assertThat(json.path("checkpoints")).hasSize(2);
        assertThat(json.path("checkpoints").get(1).path("heap").path("liveDataBytes").asLong()).isEqualTo(512L << 20);
        assertThat(json.path("checkpoints").get(1).path("adds").path("perSecond").asDouble()).isEqualTo(600.0);
        assertThat(json.path("rateRatio").isNull()).isTrue();
        assertThat(json.path("machine").path("serviceJvm").asText()).contains("17.0.16");
    }

    static LedgerRebuildReport ledgerReport(boolean measured) {
        BenchReport.Machine machine = report(true, List.of()).machine();
        LedgerRebuildReport.Ledger ledger = measured
                ? new LedgerRebuildReport.Ledger("REBUILDING", 1_000_000, 1_000_000, true, 40.0, 25_000.0, "lastAppliedAt",
                40.2, 201, 0, true, 0L)
                : null;
        LedgerRebuildReport.Ratios ratios = measured ? new LedgerRebuildReport.Ratios(0.0833, 0.15, 0.5, false) : null;
        return new LedgerRebuildReport("b1234567", "2026-12-05T10:00:00Z", machine,
                new LedgerRebuildReport.Setup("http://localhost:8083", "localhost:9092", "device.events", "activation-ledger",
                        "region-1", 1_000_000, 100, true),
                new LedgerRebuildReport.Broker("localhost:9092", "cl-1", 1, 6),
                new LedgerRebuildReport.Fill(1_000_000, 100, 450L << 20, 20.0, 50_000.0),
                new LedgerRebuildReport.Settle(45.5, List.of("activation-ledger", "device-query"), true, 0),
                new LedgerRebuildReport.Topic(1_000_000, 6),
                new LedgerRebuildReport.Pass(1_000_000, 460L << 20, 3.333, 300_000.0, true, 0, 0, 0, 2, 250_000.0),
                new LedgerRebuildReport.Pass(1_000_000, 460L << 20, 6.667, 150_000.0, true, 1_000_000, 0, 0, 1, 150_000.0),
                ledger, ratios, new LedgerRebuildReport.Balances(measured, measured ? 100 : 0, List.of()),
                List.of("plain consumer: TopicReader"), measured,
                measured ? List.of() : List.of("the ledger answered the rebuild with REQUESTED"));
    }

    @Test
    void ledgerTextShouldGiveEachPassItsRateAndTheRatio() {
        String text = ReportFormatter.text(ledgerReport(true));

        assertThat(text).contains("PASSED")
                .contains("2 cores, 23.3 GiB, Some CPU @ 2.0GHz")
                .contains("broker     localhost:9092, cluster cl-1, 1 broker(s); topic device.events, 6 partitions")
                .contains("fill       1,000,000 events over 100 products (region region-1), 450.0 MiB in 20.0 s, 50,000 events/s")
                .contains("settle     activation-ledger, device-query had committed the end offsets after 45.5 s")
                .contains("plain      raw: 1,000,000 records in 3.33 s: 300,000 records/s, 138.0 MiB/s (fastest of 2 reads, "
                        + "slowest 250,000/s)")
                .contains("decoded    1,000,000 records in 6.67 s: 150,000 records/s; 1,000,000 events, 0 of unknown types")
                .contains("rebuild    REBUILDING; 1,000,000 records in 40.00 s (until its last batch): 25,000 records/s; "
                        + "1,000,000 of 1,000,000 events applied, 0 failed batches, 0 drifts, group committed the end offsets")
                .contains("ratio      ledger / plain raw 8.3 %, ledger / plain decoded 15.0 % (target >= 50 %: NOT met)")
                .contains("balances   100 products, each as its history makes it")
                .contains("note       plain consumer: TopicReader");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(300));
    }

    @Test
    void ledgerTextShouldSayWhatWasNotMeasuredAndWhy() {
        String text = ReportFormatter.text(ledgerReport(false));

        assertThat(text).contains("FAILED").contains("rebuild    not measured").contains("ratio      n/a")
                .contains("balances   not checked").contains("problem    the ledger answered the rebuild with REQUESTED");
    }

    @Test
    void ledgerJsonShouldCarryThePassesAndTheRatios() throws Exception {
        JsonNode json = ReportFormatter.mapper().readTree(ReportFormatter.json(ledgerReport(true)));

        assertThat(json.path("plainRaw").path("perSecond").asDouble()).isEqualTo(300_000.0);
        assertThat(json.path("plainDecoded").path("decoded").asLong()).isEqualTo(1_000_000);
        assertThat(json.path("ledger").path("timedBy").asText()).isEqualTo("lastAppliedAt");
        assertThat(json.path("ratios").path("ledgerOverRaw").asDouble()).isEqualTo(0.0833);
        assertThat(json.path("ratios").path("met").asBoolean()).isFalse();
        assertThat(json.path("fill").path("events").asLong()).isEqualTo(1_000_000);
    }
}
