package io.roster.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How adding devices behaves as ONE product grows to a million devices (docs/benchmarks.md): the {@code grow} mode of
 * the bench jar.
 *
 * <ol>
 *   <li>creates the product (or takes {@code --product}, asking device-query how many devices it holds) and prints
 *       its key;</li>
 *   <li>for each checkpoint: fills the product to it as fast as the closed loop goes (not measured), reads
 *       device-command's heap from its actuator, then measures a window of adds;</li>
 *   <li>fills it to {@code --devices} if the last checkpoint is below that.</li>
 * </ol>
 * Every phase is one {@link AddLoad} on the one product, the device keys numbered on across phases
 * ({@code <runId>-0}, {@code <runId>-1}, ...); codes are granted before each phase, as many as it may use.
 *
 * <p>With {@code --cold-probe} it only sends one add to {@code --product} and prints its latency, then
 * {@value #PROBE_ADDS} more one after another: run right after device-command restarts, the first is the first
 * command against a product with a long history. It asks device-query, not device-command, whether the product has
 * the codes, and grants (saying so) only when it has not: a grow run leaves plenty.
 */
public final class GrowBench {

    /** Adds the cold probe sends after the first. */
    static final int PROBE_ADDS = 10;

    private final GrowOptions options;
    private final PrintStream out;
    private final RosterHttp http;
    private final List<String> problems = new ArrayList<>();
    private final List<String> errorExamples = new ArrayList<>();
    private String product;
    /** Codes the product has left, as the last grant answered, less this run's adds since. */
    private long available;
    private long held;
    private long nextKey;
    private long sent;
    private long added;
    private long refused;
    private long errors;
    private long uncertain;
    private long granted;
    private double fastestRate;
    private boolean stalled;

    private GrowBench(GrowOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.http = new RosterHttp(options.requestTimeout(), options.token());
    }

    /**
     * Runs {@code grow ...} from the command line: exit 0 when every add succeeded (and the heap could be read), 1
     * otherwise, 2 on bad usage.
     */
    public static void main(String[] args) {
        GrowOptions options = BenchCommand.options(args, GrowOptions.USAGE, GrowOptions::parse);
        if (options == null) {
            return;
        }
        try {
            if (options.coldProbe()) {
                System.exit(probe(options, System.out) ? 0 : 1);
                return;
            }
            GrowReport report = run(options, System.out);
            BenchCommand.finish(report, ReportFormatter.text(report), report.passed(), options.jsonFile());
        } catch (RuntimeException e) {
            BenchCommand.failed(e);
        }
    }

    /**
     * Grows the product against a running stack, printing progress to {@code out}.
     *
     * @throws RuntimeException when the run cannot be set up (the product cannot be created or found, a grant is
     *                          refused); refused or failed adds end up in the report instead
     */
    public static GrowReport run(GrowOptions options, PrintStream out) {
        return new GrowBench(options, out).execute();
    }

    /** The cold probe against {@code --product}, its latencies printed to {@code out}; whether every add was added. */
    static boolean probe(GrowOptions options, PrintStream out) {
        return new GrowBench(options, out).probe();
    }

    private GrowReport execute() {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        BenchReport.Machine machine = MachineInfo.describe(options.commandUrl());
        boolean created = options.product() == null;
        if (created) {
            product = http.createProduct(options.commandUrl(), "bench grow " + options.runId());
        } else {
            product = options.product();
            RosterHttp.Codes codes = existing();
            held = codes.inUse();
            available = codes.available();
        }
        long before = held;
        progress("product %s (%s, %,d devices); device keys %s-<n>", product, created ? "created" : "existing", held,
                options.runId());
        List<Long> checkpoints = GrowPlan.reachable(options.checkpoints(), held);
        List<String> notes = new ArrayList<>();
        if (checkpoints.size() < options.checkpoints().size()) {
            notes.add("the product already held " + group(held) + " devices: checkpoints below that not measured");
        }

        List<GrowReport.Checkpoint> measured = new ArrayList<>();
        List<Long> withoutLiveData = new ArrayList<>();
        for (long at : checkpoints) {
            fill(at);
            if (stalled) {
                break;
            }
            GrowReport.Heap heap = heap();
            if (!heap.hasLiveData()) {
                withoutLiveData.add(at);
            }
            long devices = held;
            AddLoad.Outcome window = load(0, "window at " + group(at), GrowPlan.windowCodes(options.window(), fastestRate));
            BenchReport.Adds adds = AddDevicesBench.adds(window);
            fastestRate = Math.max(fastestRate, adds.perSecond());
            measured.add(new GrowReport.Checkpoint(at, devices, adds,
                    AddDevicesBench.latency(window.latencyMicros(), "send"), heap));
            progress("checkpoint %,d: %,d devices, %.1f adds/s, p99 %.1f ms, heap used %s, live data %s", at, devices,
                    adds.perSecond(), measured.get(measured.size() - 1).latency().p99(), mib(heap.usedBytes()),
                    heap.hasLiveData() ? mib(heap.liveDataBytes()) : "n/a");
            if (stalled) {
                break;
            }
        }
        if (!stalled) {
            fill(options.devices());
        }

        notes.add("heap read just before each window: used = jvm.memory.used{area:heap} ("
                + (options.gcPid() > 0 ? "right after a full GC asked with jcmd " + options.gcPid() + " GC.run"
                        : "includes garbage not yet collected")
                + "), live data = jvm.gc.live.data.size (old generation after the last major GC)");
        if (!withoutLiveData.isEmpty()) {
            notes.add("jvm.gc.live.data.size absent or 0 at checkpoint(s) " + withoutLiveData.stream().map(GrowBench::group).toList()
                    + " (no major GC yet): heap used only there");
        }
        if (refused > 0) {
            problems.add(refused + " adds refused with QUOTA_EXHAUSTED");
        }
        if (errors > 0) {
            problems.add(errors + " adds failed, e.g. " + String.join("; ", errorExamples));
        }
        if (stalled) {
            problems.add("the run stalled: nothing answered for " + options.stallTimeout().toSeconds() + " s; stopped");
        }
        GrowReport.Checkpoint first = measured.isEmpty() ? null : measured.get(0);
        GrowReport.Checkpoint last = measured.size() < 2 ? null : measured.get(measured.size() - 1);
        GrowReport.Setup setup = new GrowReport.Setup(options.commandUrl(), options.concurrency(), options.devices(),
                options.checkpoints(), options.window().toMillis() / 1000.0, options.authType(), product, created, before);
        return new GrowReport(options.runId(), startedAt, machine, setup, List.copyOf(measured), held,
                last == null ? null : GrowPlan.ratio(last.adds().perSecond(), first.adds().perSecond()),
                last == null ? null : GrowPlan.ratio(last.latency().p99(), first.latency().p99()),
                new GrowReport.Totals(sent, added, refused, errors, uncertain, granted, List.copyOf(errorExamples)),
                List.copyOf(notes), problems.isEmpty(), List.copyOf(problems));
    }

    /** The codes of {@code --product} as device-query shows them: a read, so that no command goes to it first. */
    private RosterHttp.Codes existing() {
        return http.codes(options.queryUrl(), product).orElseThrow(() -> new IllegalStateException(
                "device-query " + options.queryUrl() + " does not know product " + product));
    }

    /** Fills the product to {@code target} devices, unmeasured; nothing when it holds as many. */
    private void fill(long target) {
        long count = GrowPlan.fill(target, held);
        if (count > 0) {
            AddLoad.Outcome outcome = load(count, "fill to " + group(target), count);
            double seconds = (outcome.finishedNanos() - outcome.startNanos()) / 1e9;
            if (seconds > 0) {
                fastestRate = Math.max(fastestRate, outcome.added() / seconds);
            }
        }
    }

    /**
     * One phase: {@code count} adds, or adds for the window when {@code count} is 0, with {@code codes} available
     * first.
     */
    private AddLoad.Outcome load(long count, String phase, long codes) {
        grantUpTo(codes);
        progress("%s: %s", phase, count > 0 ? group(count) + " adds" : fmt("%.1f s of adds", options.window().toMillis() / 1000.0));
        AddLoad.Outcome outcome = new AddLoad(options.loadOptions(count, options.window()), List.of(product),
                new AckTimeline(), line -> progress("  %s", line), nextKey).run();
        nextKey += outcome.sent();
        held += outcome.added();
        // an uncertain add may have taken its code
        available -= outcome.added() + outcome.uncertain();
        sent += outcome.sent();
        added += outcome.added();
        refused += outcome.refused();
        errors += outcome.errors();
        uncertain += outcome.uncertain();
        stalled |= outcome.stalled();
        for (String example : outcome.errorExamples()) {
            if (errorExamples.size() < 5) {
                errorExamples.add(example);
            }
        }
        return outcome;
    }

    /** Asks device-command's JVM for a full collection and waits for it: jcmd returns when the GC is done. */
    private void fullGc(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (jcmd.waitFor() != 0) {
                problems.add("jcmd " + pid + " GC.run exited with " + jcmd.exitValue());
            }
        } catch (java.io.IOException e) {
            problems.add("jcmd " + pid + " GC.run could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Grants codes until the product has at least {@code codes} available. */
    private void grantUpTo(long codes) {
        for (long grant : GrowPlan.grants(codes - available)) {
            available = http.grant(options.commandUrl(), product, grant);
            granted += grant;
        }
    }

    private GrowReport.Heap heap() {
        if (options.gcPid() > 0) {
            fullGc(options.gcPid());
        }
        try {
            OptionalDouble used = http.gauge(options.commandUrl(), "jvm.memory.used", "area:heap");
            OptionalDouble live = http.gauge(options.commandUrl(), "jvm.gc.live.data.size", null);
            return new GrowReport.Heap((long) used.orElse(-1), (long) live.orElse(-1));
        } catch (RuntimeException e) {
            problems.add("device-command's heap could not be read: " + e.getMessage());
            return new GrowReport.Heap(-1, -1);
        }
    }

    /** The cold probe: one add, then {@value #PROBE_ADDS} more, each alone; whether all were added. */
    private boolean probe() {
        product = options.product();
        available = existing().available();
        progress("product %s, %,d codes available; device keys %s-<n>", product, available, options.runId());
        if (available < PROBE_ADDS + 1) {
            long started = System.nanoTime();
            grantUpTo(PROBE_ADDS + 1);
            out.println(fmt("the product needed codes: a grant went first (%.1f ms), so the first add below is NOT the "
                    + "first command against it", (System.nanoTime() - started) / 1e6));
        }
        boolean allAdded = true;
        List<String> latencies = new ArrayList<>();
        for (int i = 0; i <= PROBE_ADDS; i++) {
            AddLoad.Outcome outcome = new AddLoad(options.probeOptions(), List.of(product), new AckTimeline(),
                    line -> { }, nextKey++).run();
            String latency = outcome.added() == 1 ? fmt("%.1f ms", outcome.latencyMicros().getMaxValue() / 1000.0)
                    : outcome.refused() > 0 ? "REFUSED (QUOTA_EXHAUSTED)"
                    : "FAILED (" + String.join("; ", outcome.errorExamples()) + ")";
            allAdded &= outcome.added() == 1;
            if (i == 0) {
                out.println("first add: " + latency);
            } else {
                latencies.add(latency);
            }
        }
        out.println("next " + PROBE_ADDS + " adds, one at a time: " + String.join(", ", latencies));
        return allAdded;
    }

    private void progress(String format, Object... args) {
        out.printf(Locale.ROOT, "[grow] " + format + "%n", args);
    }

    private static String group(long n) {
        return ReportFormatter.group(n);
    }

    private static String mib(long bytes) {
        return ReportFormatter.mib(bytes);
    }

    private static String fmt(String format, Object... args) {
        return ReportFormatter.fmt(format, args);
    }
}
