package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.contract.stream.EventRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * How fast activation-ledger rebuilds its projection from the topic, next to what a plain Kafka consumer reads from
 * the same broker in the same run (docs/benchmarks.md, "Ledger rebuild"): the {@code ledger-rebuild} mode of the
 * bench jar.
 *
 * <ol>
 *   <li>fill (unless {@code --no-fill}): writes a {@link SyntheticHistory} to the topic with device-command's
 *       producer settings, envelope, key and headers ({@link EventRecords});</li>
 *   <li>settle: waits until every consumer group reading the topic (device-query, the ledger itself) has committed
 *       the end offsets, so that nothing else reads while the passes below are timed;</li>
 *   <li>takes the end offsets: every pass reads up to them;</li>
 *   <li>plain consumer, raw: reads the topic from the beginning to those offsets, touching nothing but the bytes;
 *       then again, decoding every record into its event with the shared codec, as a read side does;</li>
 *   <li>ledger: asks it to rebuild ({@code POST /api/v1/admin/rebuild}) and reads its stream consumer's progress
 *       from its health until it reports lag 0 with every decodable event applied; the time ends at the ledger's own
 *       time of its last batch ({@link RebuildProgress#timing}); then checks its consumer group committed the end
 *       offsets, and that each product of the run has the balance its history makes.</li>
 * </ol>
 */
public final class LedgerRebuildBench {

    /** How long the ledger's group may take to commit its last offsets after it reported having applied them. */
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(15);
    private static final Duration SETTLE_POLL = Duration.ofMillis(500);
    private static final int MAX_MISMATCHES = 5;
    private static final String LEDGER_JAR = "activation-ledger-exec.jar";
    private static final String DRIFT_COUNTER = "roster.ledger.drift";

    private final LedgerRebuildOptions options;
    private final PrintStream out;
    private final RosterHttp http;
    private final EventCodec codec = new EventCodec();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private LedgerRebuildBench(LedgerRebuildOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.http = new RosterHttp(Duration.ofSeconds(30), options.token());
    }

    /** Runs {@code ledger-rebuild ...} from the command line: exit 0 when the run passed, 1 otherwise, 2 on bad usage. */
    public static void main(String[] args) {
        LedgerRebuildOptions options = BenchCommand.options(args, LedgerRebuildOptions.USAGE, LedgerRebuildOptions::parse);
        if (options == null) {
            return;
        }
        try {
            LedgerRebuildReport report = run(options, System.out);
            BenchCommand.finish(report, ReportFormatter.text(report), report.passed(), options.jsonFile());
        } catch (RuntimeException e) {
            BenchCommand.failed(e);
        }
    }

    /**
     * Runs the benchmark against a running ledger and its broker, printing progress to {@code out}.
     *
     * @throws RuntimeException when the run cannot be set up (the topic is missing or empty, the ledger does not show
     *                          its progress to the token, the fill is refused); what goes wrong later ends up in the
     *                          report instead
     */
    public static LedgerRebuildReport run(LedgerRebuildOptions options, PrintStream out) {
        return new LedgerRebuildBench(options, out).execute();
    }

    private LedgerRebuildReport execute() {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        BenchReport.Machine machine = MachineInfo.describe(options.ledgerUrl(), LEDGER_JAR);
        // before writing a million events: the ledger must show its progress to this token
        ledgerProgress();
        LedgerRebuildReport.Broker broker;
        try (GroupOffsets groups = new GroupOffsets(options.kafkaBootstrap());
             TopicReader reader = new TopicReader(options.kafkaBootstrap(), options.topic())) {
            int partitions = reader.partitions().size();
            if (partitions == 0) {
                throw new IllegalStateException("topic " + options.topic() + " does not exist on " + options.kafkaBootstrap());
            }
            GroupOffsets.Cluster cluster = groups.cluster();
            broker = new LedgerRebuildReport.Broker(options.kafkaBootstrap(), cluster.clusterId(), cluster.brokers(),
                    partitions);
        }
        SyntheticHistory history = new SyntheticHistory(options.runId(), options.products(), options.events(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        List<SyntheticHistory.Totals> totals;
        LedgerRebuildReport.Fill fill = null;
        if (options.fill()) {
            AtomicReference<List<SyntheticHistory.Totals>> made = new AtomicReference<>();
            fill = fill(history, made);
            totals = made.get();
        } else {
            totals = options.checksBalances() ? history.totals() : List.of();
        }
        LedgerRebuildReport.Settle settle = settle();

        Map<TopicPartition, Long> begin;
        Map<TopicPartition, Long> end;
        try (TopicReader reader = new TopicReader(options.kafkaBootstrap(), options.topic())) {
            begin = reader.beginningOffsets();
            end = reader.endOffsets();
        }
        long records = GroupOffsets.behind(end, begin, Map.of());
        if (records == 0) {
            throw new IllegalStateException("topic " + options.topic() + " holds no records: fill it first (drop --no-fill)");
        }
        LedgerRebuildReport.Topic topic = new LedgerRebuildReport.Topic(records, end.size());
        progress("the topic holds %,d records in %d partitions up to the end offsets taken now", records, end.size());

        LedgerRebuildReport.Pass raw = plainPasses(end, false);
        LedgerRebuildReport.Pass decoded = plainPasses(end, true);
        if (raw.records() != records || decoded.records() != records) {
            problems.add("a plain pass read " + group(raw.records()) + " / " + group(decoded.records()) + " of the "
                    + group(records) + " records below the end offsets");
        }

        LedgerRebuildReport.Ledger ledger = null;
        LedgerRebuildReport.Ratios ratios = null;
        if (decoded.undecodable() > 0) {
            problems.add(group(decoded.undecodable()) + " records of a known type do not decode: the ledger stops at "
                    + "them and never catches up; not measured");
        } else {
            ledger = ledgerPass(records, decoded.decoded(), end, begin);
            if (ledger != null && ledger.caughtUp()) {
                double overRaw = ratio(ledger.perSecond(), raw.perSecond());
                ratios = new LedgerRebuildReport.Ratios(overRaw, ratio(ledger.perSecond(), decoded.perSecond()),
                        LedgerRebuildReport.TARGET_RATIO, overRaw >= LedgerRebuildReport.TARGET_RATIO);
            }
        }
        LedgerRebuildReport.Balances balances = ledger != null && ledger.caughtUp()
                ? balances(totals) : new LedgerRebuildReport.Balances(false, 0, List.of());
        checkTopicUnchanged(end);

        notes.add("plain consumer: TopicReader in the bench JVM (max.poll.records 2000, fetch.max.bytes 16 MiB, "
                + "read_committed), the fastest of " + options.plainRounds() + " reads each, one after the other; the "
                + "ledger reads with its own consumer settings (max-poll-records 1000) and writes MongoDB");
        if (fill != null && fill.events() != records) {
            notes.add("the topic held " + group(records - fill.events()) + " records besides this run's fill: every "
                    + "pass reads them all");
        }
        LedgerRebuildReport.Setup setup = new LedgerRebuildReport.Setup(options.ledgerUrl(), options.kafkaBootstrap(),
                options.topic(), options.ledgerGroup(), options.region(), options.events(), options.products(),
                options.fill());
        boolean passed = problems.isEmpty() && ledger != null && ledger.caughtUp() && ledger.committedAtEnd();
        return new LedgerRebuildReport(options.runId(), startedAt, machine, setup, broker, fill, settle, topic, raw,
                decoded, ledger, ratios, balances, List.copyOf(notes), passed, List.copyOf(problems));
    }

    /** Writes the history to the topic, its totals into {@code made}. */
    private LedgerRebuildReport.Fill fill(SyntheticHistory history, AtomicReference<List<SyntheticHistory.Totals>> made) {
        progress("run %s: writing %,d events over %,d products to %s", options.runId(), history.size(),
                history.products(), options.topic());
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong bytes = new AtomicLong();
        long[] sent = {0};
        long step = Math.max(1, history.size() / 10);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                EventRecords.producerSettings(options.kafkaBootstrap(), "roster-bench-ledger-fill"))) {
            made.set(history.generate(event -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("Kafka refused an event of the fill: " + failure.get(), failure.get());
                }
                EventEnvelope envelope = event.envelope(codec, options.region());
                ProducerRecord<String, byte[]> record = EventRecords.record(options.topic(), envelope, codec);
                bytes.addAndGet(record.value().length);
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if (++sent[0] % step == 0) {
                    progress("  %,d of %,d sent", sent[0], history.size());
                }
            }));
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka refused an event of the fill: " + failure.get(), failure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress("wrote %,d events in %.1f s (%,.0f events/s)", sent[0], seconds, sent[0] / seconds);
        return new LedgerRebuildReport.Fill(sent[0], history.products(), bytes.get(), round(seconds, 3),
                round(sent[0] / seconds, 1));
    }

    /** Waits until every consumer group reading the topic has committed its end offsets. */
    private LedgerRebuildReport.Settle settle() {
        long start = System.nanoTime();
        long deadline = start + options.settleTimeout().toNanos();
        long lastReport = start;
        List<String> readers;
        long behind;
        try (GroupOffsets groups = new GroupOffsets(options.kafkaBootstrap());
             TopicReader reader = new TopicReader(options.kafkaBootstrap(), options.topic())) {
            readers = groups.readers(options.topic());
            progress("waiting for the topic's readers %s to commit its end offsets", readers);
            while (true) {
                Map<TopicPartition, Long> begin = reader.beginningOffsets();
                Map<TopicPartition, Long> end = reader.endOffsets();
                behind = 0;
                for (String group : readers) {
                    behind += GroupOffsets.behind(end, begin, groups.committed(group, options.topic()));
                }
                long now = System.nanoTime();
                if (behind == 0 || now > deadline) {
                    break;
                }
                if (now - lastReport > Duration.ofSeconds(10).toNanos()) {
                    progress("  %,d records not yet committed by them", behind);
                    lastReport = now;
                }
                sleep(SETTLE_POLL);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (behind > 0) {
            problems.add("the topic's readers " + readers + " were still " + group(behind) + " records behind after "
                    + options.settleTimeout().toSeconds() + " s: the passes shared the machine with them");
        } else {
            progress("they had after %.1f s", seconds);
        }
        return new LedgerRebuildReport.Settle(round(seconds, 3), readers, behind == 0, behind);
    }

    /** The fastest of {@code --plain-rounds} plain reads of the topic up to {@code end}. */
    private LedgerRebuildReport.Pass plainPasses(Map<TopicPartition, Long> end, boolean decode) {
        LedgerRebuildReport.Pass fastest = null;
        double slowest = Double.MAX_VALUE;
        for (int round = 1; round <= options.plainRounds(); round++) {
            LedgerRebuildReport.Pass pass = plainPass(end, decode, round);
            slowest = Math.min(slowest, pass.perSecond());
            if (fastest == null || pass.perSecond() > fastest.perSecond()) {
                fastest = pass;
            }
        }
        return fastest.fastestOf(options.plainRounds(), slowest);
    }

    /** One plain read of the topic up to {@code end}; with {@code decode}, each record is decoded into its event. */
    private LedgerRebuildReport.Pass plainPass(Map<TopicPartition, Long> end, boolean decode, int round) {
        String name = (decode ? "plain consumer, decoding every event" : "plain consumer, raw") + ", read " + round;
        long[] counts = new long[5]; // records, bytes, decoded, unknown, undecodable
        Consumer<ConsumerRecord<byte[], byte[]>> handler = record -> {
            if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                return;
            }
            counts[0]++;
            counts[1] += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
            if (decode) {
                try {
                    EventEnvelope envelope = codec.decode(record.value());
                    if (codec.event(envelope).isPresent()) {
                        counts[2]++;
                    } else {
                        counts[3]++;
                    }
                } catch (RuntimeException e) {
                    counts[4]++;
                }
            }
        };
        TopicReader.Scan scan;
        long start;
        long nanos;
        try (TopicReader reader = new TopicReader(options.kafkaBootstrap(), options.topic())) {
            start = System.nanoTime();
            scan = reader.readTo(end, handler, options.timeout());
            nanos = System.nanoTime() - start;
        }
        double seconds = nanos / 1e9;
        if (!scan.complete()) {
            problems.add(name + ": did not reach the end offsets within " + options.timeout().toSeconds() + " s");
        }
        progress("%s: %,d records in %.2f s, %,.0f records/s", name, counts[0], seconds, counts[0] / seconds);
        double perSecond = round(counts[0] / seconds, 1);
        return new LedgerRebuildReport.Pass(counts[0], counts[1], round(seconds, 3), perSecond, scan.complete(),
                counts[2], counts[3], counts[4], 1, perSecond);
    }

    /** The rebuild, timed until the ledger has applied {@code expected} events and read up to {@code end}. */
    private LedgerRebuildReport.Ledger ledgerPass(long records, long expected, Map<TopicPartition, Long> end,
                                                  Map<TopicPartition, Long> begin) {
        RebuildProgress before = ledgerProgress();
        Optional<Double> driftsBefore = drifts();
        progress("asking the ledger at %s to rebuild from %,d records (%,d events to apply)", options.ledgerUrl(),
                records, expected);
        Instant requestedAt = Instant.now();
        long start = System.nanoTime();
        String status = http.rebuild(options.ledgerUrl());
        if (!status.equals("REBUILDING")) {
            problems.add("the ledger answered the rebuild with " + status + ": its consumer did not take the request up "
                    + "within its wait; not measured");
            return null;
        }
        long deadline = start + options.timeout().toNanos();
        long polls = 0;
        long lastReport = start;
        RebuildProgress now;
        boolean caughtUp;
        while (true) {
            now = ledgerProgress();
            polls++;
            caughtUp = now.caughtUp(expected);
            long t = System.nanoTime();
            if (caughtUp || now.stopped() || t > deadline) {
                break;
            }
            if (t - lastReport > Duration.ofSeconds(10).toNanos()) {
                progress("  %,d applied, %,d behind", now.applied(), now.lag());
                lastReport = t;
            }
            sleep(options.pollInterval());
        }
        Instant observedAt = Instant.now();
        Duration observed = Duration.ofNanos(System.nanoTime() - start);
        if (now.stopped()) {
            problems.add("the ledger stopped a partition at a record it cannot decode (see its health)");
        } else if (!caughtUp) {
            problems.add("the ledger did not catch up within " + options.timeout().toSeconds() + " s: " + group(now.applied())
                    + " of " + group(expected) + " events applied, lag " + group(now.lag()));
        }
        RebuildProgress.Timing timing = now.timing(requestedAt, observedAt, observed);
        if (caughtUp) {
            progress("the ledger caught up: %,d events applied in %.2f s (%s), %,.0f records/s", now.applied(),
                    timing.seconds(), timing.source(), records / timing.seconds());
        }
        boolean committed = caughtUp && committedAtEnd(end, begin);
        if (caughtUp && !committed) {
            problems.add("the ledger's group " + options.ledgerGroup() + " did not commit the end offsets within "
                    + COMMIT_WAIT.toSeconds() + " s of reporting lag 0");
        }
        Optional<Double> driftsAfter = drifts();
        Long drifts = driftsBefore.isPresent() && driftsAfter.isPresent()
                ? Math.round(driftsAfter.get() - driftsBefore.get()) : null;
        if (drifts != null && drifts > 0) {
            problems.add("the ledger counted " + group(drifts) + " drifts during the rebuild: events whose totals it "
                    + "disagreed with");
        }
        return new LedgerRebuildReport.Ledger(status, expected, now.applied(), caughtUp, round(timing.seconds(), 3),
                caughtUp ? round(records / timing.seconds(), 1) : 0, timing.source(), round(observed.toNanos() / 1e9, 3),
                polls, Math.max(0, now.errors() - before.errors()), committed, drifts);
    }

    /** Whether the ledger's group committed the end offsets on every partition, waiting briefly for its last commit. */
    private boolean committedAtEnd(Map<TopicPartition, Long> end, Map<TopicPartition, Long> begin) {
        long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
        try (GroupOffsets groups = new GroupOffsets(options.kafkaBootstrap())) {
            while (true) {
                if (GroupOffsets.behind(end, begin, groups.committed(options.ledgerGroup(), options.topic())) == 0) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(options.pollInterval());
            }
        }
    }

    /** Each product of the run against the ledger's balance of it. */
    private LedgerRebuildReport.Balances balances(List<SyntheticHistory.Totals> totals) {
        if (totals.isEmpty()) {
            notes.add("balances not checked: --no-fill without the --run-id of the fill");
            return new LedgerRebuildReport.Balances(false, 0, List.of());
        }
        List<String> mismatches = new ArrayList<>();
        int wrong = 0;
        for (SyntheticHistory.Totals expected : totals) {
            Optional<JsonNode> actual = http.balance(options.ledgerUrl(), expected.productKey());
            String mismatch = actual.isPresent() ? mismatch(expected, actual.get())
                    : expected.productKey() + ": unknown to the ledger";
            if (mismatch != null) {
                wrong++;
                if (mismatches.size() < MAX_MISMATCHES) {
                    mismatches.add(mismatch);
                }
            }
        }
        if (wrong > 0) {
            problems.add(wrong + " of " + totals.size() + " products have a balance other than their history makes, e.g. "
                    + String.join("; ", mismatches));
        } else {
            progress("every one of the run's %,d products has the balance its history makes", totals.size());
        }
        return new LedgerRebuildReport.Balances(true, totals.size(), List.copyOf(mismatches));
    }

    /** What differs between a product's totals and the ledger's balance, or null when nothing does. */
    static String mismatch(SyntheticHistory.Totals expected, JsonNode balance) {
        List<String> diffs = new ArrayList<>();
        compare(diffs, "granted", expected.granted(), balance);
        compare(diffs, "reserved", expected.reserved(), balance);
        compare(diffs, "consumed", expected.consumed(), balance);
        compare(diffs, "refunded", expected.refunded(), balance);
        compare(diffs, "available", expected.available(), balance);
        if (balance.has("seq")) {
            compare(diffs, "seq", expected.events() - 1, balance);
        }
        return diffs.isEmpty() ? null : expected.productKey() + ": " + String.join(", ", diffs);
    }

    private static void compare(List<String> diffs, String field, long expected, JsonNode balance) {
        long actual = balance.path(field).asLong(Long.MIN_VALUE);
        if (actual != expected) {
            diffs.add(field + " " + (actual == Long.MIN_VALUE ? "absent" : actual) + ", history " + expected);
        }
    }

    private void checkTopicUnchanged(Map<TopicPartition, Long> end) {
        try (TopicReader reader = new TopicReader(options.kafkaBootstrap(), options.topic())) {
            Map<TopicPartition, Long> after = reader.endOffsets();
            long grown = GroupOffsets.behind(after, end, end);
            if (grown > 0) {
                notes.add(group(grown) + " records were written to the topic during the run: the plain passes may have "
                        + "read and the ledger applied some of them, which the rates do not count");
            }
        }
    }

    /** The ledger's consumer progress, from its health. */
    private RebuildProgress ledgerProgress() {
        JsonNode details = http.healthDetails(options.ledgerUrl(), RebuildProgress.COMPONENT).orElseThrow(() ->
                new IllegalStateException("the ledger at " + options.ledgerUrl() + " shows no " + RebuildProgress.COMPONENT
                        + " health details: pass a token with the operator or analyst role (--token-file)"));
        return RebuildProgress.of(details);
    }

    /** The ledger's drift counter (registered when the ledger starts); empty when it cannot be read. */
    private Optional<Double> drifts() {
        try {
            OptionalDouble count = http.counter(options.ledgerUrl(), DRIFT_COUNTER);
            return count.isPresent() ? Optional.of(count.getAsDouble()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static double ratio(double numerator, double denominator) {
        return denominator <= 0 ? 0 : round(numerator / denominator, 4);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void progress(String format, Object... args) {
        out.printf(Locale.ROOT, "[ledger] " + format + "%n", args);
    }

    private static String group(long n) {
        return ReportFormatter.group(n);
    }
}
