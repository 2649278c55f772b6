package io.roster.bench;

import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import org.HdrHistogram.Histogram;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Load generator for the add-device path, end to end: HTTP into device-command, out through Kafka, into
 * device-query's read model.
 *
 * <ol>
 *   <li>notes the topic's size (the history the command side runs on), creates the products and grants
 *       them codes, and waits until device-query shows them;</li>
 *   <li>sends the adds (see {@link AddLoad}) while sampling, once per {@code --sample-interval}, how many
 *       acknowledged adds device-query shows;</li>
 *   <li>waits until device-query shows every add and reports how long after the last one that took;</li>
 *   <li>reads the whole topic and checks each acknowledged add's {@code DeviceAdded} is on it exactly once
 *       ({@link DeliveryCheck});</li>
 *   <li>reports MongoDB commands per add from the services' {@code mongodb.driver.commands} metric.</li>
 * </ol>
 *
 * From code (end-to-end tests): {@code AddDevicesBench.run(BenchOptions.parse("--count", "500", ...), out)}.
 *
 * <p>It is also the jar's entry point: a first argument {@code grow} runs {@link GrowBench} instead, and
 * {@code ledger-rebuild} runs {@link LedgerRebuildBench}.
 */
public final class AddDevicesBench {

    /** The most codes one grant may ask for (device-command's limit). */
    static final long MAX_GRANT = 1_000_000;
    private static final long CATCH_UP_POLL_MILLIS = 100;

    private final BenchOptions options;
    private final PrintStream out;
    private final RosterHttp http;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private TopicReader samplerTopic;

    private AddDevicesBench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.http = new RosterHttp(options.requestTimeout(), options.token());
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        LoggerFactory.getILoggerFactory();
        if (args.length > 0 && args[0].equals(GrowOptions.MODE)) {
            GrowBench.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals(LedgerRebuildOptions.MODE)) {
            LedgerRebuildBench.main(args);
            return;
        }
        BenchOptions options = BenchCommand.options(args, BenchOptions.USAGE, BenchOptions::parse);
        if (options == null) {
            return;
        }
        BenchReport report;
        try {
            report = run(options, System.out);
        } catch (RuntimeException e) {
            BenchCommand.failed(e);
            return;
        }
        BenchCommand.finish(report, ReportFormatter.text(report), report.passed(), options.jsonFile());
    }

    /**
     * Runs the benchmark against a running stack, printing progress to {@code out}.
     *
     * @throws RuntimeException when the stack cannot be set up for the run (products cannot be created, Kafka
     *                          does not answer); problems during the run end up in the report instead
     */
    public static BenchReport run(BenchOptions options, PrintStream out) {
        return new AddDevicesBench(options, out).execute();
    }

    private BenchReport execute() {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        BenchReport.Machine machine = MachineInfo.describe(options.commandUrl());
        long history;
        try (TopicReader reader = new TopicReader(options.kafkaBootstrap(), options.topic())) {
            history = reader.size();
        }
        progress("run %s: %,d records on %s before the run", options.runId(), history, options.topic());

        long codes = options.countBound()
                ? Math.min(MAX_GRANT, (options.count() + options.products() - 1) / options.products())
                : MAX_GRANT;
        List<String> products = new ArrayList<>();
        for (int p = 0; p < options.products(); p++) {
            String productKey = http.createProduct(options.commandUrl(), "bench " + options.runId() + " " + p);
            http.grant(options.commandUrl(), productKey, codes);
            products.add(productKey);
        }
        ReadSideProbe probe = new ReadSideProbe(http, options.queryUrl(), products);
        progress("created %d products with %,d codes each; waiting for device-query to show them", products.size(), codes);
        if (!await(() -> probe.showsGranted(codes), System.nanoTime() + options.catchUpTimeout().toNanos())) {
            problems.add("device-query did not show the new products within " + options.catchUpTimeout().toSeconds() + " s");
        }
        Optional<RosterHttp.MongoCommandCounts> queryBefore = http.mongoCommands(options.queryUrl());
        Optional<RosterHttp.MongoCommandCounts> commandBefore = http.mongoCommands(options.commandUrl());
        long probeBefore = probe.requests();

        AckTimeline timeline = new AckTimeline();
        List<BenchReport.LagSample> samples = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        ScheduledExecutorService sampler = startSampler(probe, timeline, samples, t0);
        progress("sending adds: %s", describeLoad());
        AddLoad.Outcome load = new AddLoad(options, products, timeline, line -> progress("%s", line)).run();
        progress("sent %,d adds: %,d added, %,d refused, %,d errors", load.sent(), load.added(), load.refused(), load.errors());

        long deadline = System.nanoTime() + options.catchUpTimeout().toNanos();
        long[] inUse = new long[products.size()];
        List<String> mismatches = List.of();
        long caughtUpAt = -1;
        while (System.nanoTime() < deadline) {
            try {
                inUse = probe.inUse();
                mismatches = probe.mismatches(inUse, load.addedPerProduct(), load.uncertainPerProduct());
            } catch (RuntimeException e) {
                mismatches = List.of("device-query: " + e.getMessage());
            }
            if (mismatches.isEmpty()) {
                caughtUpAt = System.nanoTime();
                break;
            }
            sleep(CATCH_UP_POLL_MILLIS);
        }
        stop(sampler);
        if (samplerTopic != null) {
            samplerTopic.close();
        }
        boolean caughtUp = caughtUpAt >= 0;
        double catchUpSeconds = caughtUp ? Math.max(0, caughtUpAt - Math.max(load.lastAckNanos(), t0)) / 1e9 : -1;
        progress(caughtUp ? String.format(Locale.ROOT, "device-query caught up %.2f s after the last add", catchUpSeconds)
                : "device-query did NOT catch up within " + options.catchUpTimeout().toSeconds() + " s");
        long probeRequests = probe.requests() - probeBefore;
        BenchReport.Mongo mongo = new BenchReport.Mongo(
                mongoUse(queryBefore, http.mongoCommands(options.queryUrl()), load.added()),
                mongoUse(commandBefore, http.mongoCommands(options.commandUrl()), load.added()));

        BenchReport.Kafka kafka = options.kafkaCheck()
                ? checkKafka(products, load)
                : new BenchReport.Kafka(false, false, 0, null);

        List<BenchReport.LagSample> lag = List.copyOf(samples);
        BenchReport.ReadSide readSide = new BenchReport.ReadSide(caughtUp, catchUpSeconds,
                lag.stream().mapToLong(s -> Math.max(0, s.acked() - s.visible())).max().orElse(0),
                lag.stream().mapToDouble(BenchReport.LagSample::lagSeconds).max().orElse(0),
                probeRequests, mismatches, lag);

        if (load.refused() > 0) {
            problems.add(load.refused() + " adds refused with QUOTA_EXHAUSTED");
        }
        if (load.errors() > 0) {
            problems.add(load.errors() + " adds failed, e.g. " + String.join("; ", load.errorExamples()));
        }
        if (load.stalled()) {
            problems.add("the run stalled: nothing answered for " + options.stallTimeout().toSeconds() + " s");
        }
        if (!caughtUp) {
            problems.add("device-query did not show every add within " + options.catchUpTimeout().toSeconds() + " s: "
                    + String.join("; ", mismatches));
        }
        if (kafka.checked() && !kafka.passed()) {
            problems.add("Kafka check failed: " + String.join("; ", kafka.result().notes()));
        }
        List<String> allProblems = List.copyOf(problems);
        return new BenchReport(options.runId(), startedAt, machine, options.backend(), setup(), history,
                adds(load), latency(load.latencyMicros()), kafka, readSide, mongo, allProblems.isEmpty(), allProblems);
    }

    private ScheduledExecutorService startSampler(ReadSideProbe probe, AckTimeline timeline,
                                                  List<BenchReport.LagSample> samples, long t0) {
        if (options.sampleInterval().isZero()) {
            return null;
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-lag-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long period = options.sampleInterval().toMillis();
        TopicReader topic = new TopicReader(options.kafkaBootstrap(), options.topic());
        // the products and grants are on the topic already: device-query has shown them
        long baseline = topic.size();
        sampler.scheduleAtFixedRate(() -> {
            try {
                long acked = timeline.acked();
                long published = topic.size() - baseline;
                long visible = ReadSideProbe.visible(probe.inUse());
                long now = System.nanoTime();
                samples.add(new BenchReport.LagSample(round((now - t0) / 1e9, 3), acked, published, visible,
                        round(timeline.lagNanos(visible, now) / 1e9, 3)));
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // stopped while sampling: not a failure
                }
                if (problems.stream().noneMatch(p -> p.startsWith("lag sampling"))) {
                    problems.add("lag sampling failed: " + e.getMessage());
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        samplerTopic = topic;
        return sampler;
    }

    private BenchReport.Kafka checkKafka(List<String> products, AddLoad.Outcome load) {
        progress("reading %s from the start to check every add arrived exactly once", options.topic());
        DeliveryCheck check = new DeliveryCheck(new HashSet<>(products), load.acknowledged(), load.uncertainAdds());
        EventCodec codec = new EventCodec();
        TopicReader.Scan scan;
        try (TopicReader reader = new TopicReader(options.kafkaBootstrap(), options.topic())) {
            scan = reader.readAll(record -> {
                try {
                    EventEnvelope e = codec.decode(record.value());
                    check.accept(e.eventId(), e.type(), e.aggregateId(), e.sequenceNumber(), e.productKey(), e.deviceKey());
                } catch (RuntimeException ex) {
                    check.undecodable("partition " + record.partition() + " offset " + record.offset() + ": " + ex.getMessage());
                }
            }, check::allExpectedSeen, options.catchUpTimeout());
        }
        DeliveryCheck.Result result = check.result();
        if (!scan.complete() && result.missing() == 0) {
            problems.add("the topic could not be read to its end within " + options.catchUpTimeout().toSeconds() + " s");
        }
        return new BenchReport.Kafka(true, result.exactlyOnce() && scan.complete(), scan.millis(), result);
    }

    private BenchReport.Setup setup() {
        return new BenchReport.Setup(options.openLoop() ? "open loop" : "closed loop", options.concurrency(),
                options.products(), options.count(), options.countBound() ? 0 : options.duration().toMillis() / 1000.0,
                options.rate(), options.warmup().toMillis() / 1000.0, options.authType(), options.commandUrl(),
                options.queryUrl(), options.kafkaBootstrap(), options.topic());
    }

    static BenchReport.Adds adds(AddLoad.Outcome load) {
        double seconds = Math.max(0, load.finishedNanos() - load.measureFromNanos()) / 1e9;
        long firstWhole = (long) Math.ceil((load.measureFromNanos() - load.startNanos()) / 1e9);
        long lastWhole = (long) Math.floor((load.finishedNanos() - load.startNanos()) / 1e9);
        long slowest = Long.MAX_VALUE;
        long fastest = 0;
        for (long s = firstWhole; s < lastWhole && s < load.perSecond().length; s++) {
            slowest = Math.min(slowest, load.perSecond()[(int) s]);
            fastest = Math.max(fastest, load.perSecond()[(int) s]);
        }
        return new BenchReport.Adds(load.sent(), load.added(), load.refused(), load.errors(), load.uncertain(),
                load.measured(), round(seconds, 3), seconds > 0 ? round(load.measured() / seconds, 1) : 0,
                slowest == Long.MAX_VALUE ? 0 : slowest, fastest, load.stalled(), load.errorExamples());
    }

    BenchReport.Latency latency(Histogram micros) {
        return latency(micros, options.openLoop() ? "intended send time" : "send");
    }

    /** Percentiles of {@code micros} in milliseconds; {@code from} says from when the latency was measured. */
    static BenchReport.Latency latency(Histogram micros, String from) {
        if (micros.getTotalCount() == 0) {
            return new BenchReport.Latency(from, 0, 0, 0, 0, 0, 0, 0);
        }
        return new BenchReport.Latency(from, micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), round(micros.getMean() / 1000, 3));
    }

    static BenchReport.MongoUse mongoUse(Optional<RosterHttp.MongoCommandCounts> before,
                                         Optional<RosterHttp.MongoCommandCounts> after, long adds) {
        if (before.isEmpty() || after.isEmpty()) {
            return BenchReport.MongoUse.none();
        }
        RosterHttp.MongoCommandCounts delta = after.get().minus(before.get());
        return new BenchReport.MongoUse(true, delta.total(), adds == 0 ? 0 : round((double) delta.total() / adds, 3),
                delta.perCommand());
    }

    private String describeLoad() {
        String bound = options.countBound() ? String.format(Locale.ROOT, "%,d adds", options.count())
                : options.duration().toSeconds() + " s";
        String loop = options.openLoop() ? String.format(Locale.ROOT, "open loop at %.0f/s", options.rate()) : "closed loop";
        return loop + ", " + options.concurrency() + " workers, " + bound;
    }

    private void progress(String format, Object... args) {
        out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    private static boolean await(java.util.function.BooleanSupplier condition, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // a service still starting or briefly overloaded: ask again until the deadline
            }
            sleep(CATCH_UP_POLL_MILLIS);
        }
        return false;
    }

    private static void stop(ScheduledExecutorService sampler) {
        if (sampler == null) {
            return;
        }
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static double ms(long micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
