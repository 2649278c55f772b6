package io.roster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A report (of the adds, the grow or the ledger-rebuild benchmark) as a compact block of text, or as JSON. */
public final class ReportFormatter {

    private ReportFormatter() {
    }

    public static String text(BenchReport r) {
        StringBuilder out = new StringBuilder();
        BenchReport.Machine m = r.machine();
        BenchReport.Setup s = r.setup();
        BenchReport.Adds a = r.adds();
        line(out, "run", r.runId() + "  " + r.startedAt() + "  " + (r.passed() ? "PASSED" : "FAILED"));
        machine(out, m);
        line(out, "backend", r.backend() + "  (command " + s.commandUrl() + ", query " + s.queryUrl() + ", kafka "
                + s.kafka() + " " + s.topic() + ")");
        String bound = s.count() > 0 ? group(s.count()) + " adds" : fmt("%.0f s", s.durationSeconds());
        String rate = s.targetRate() > 0 ? fmt(" at %.0f adds/s", s.targetRate()) : "";
        line(out, "load", s.mode() + rate + ", " + s.concurrency() + " workers, " + s.products() + " products, "
                + bound + (s.warmupSeconds() > 0 ? fmt(" (first %.0f s warm-up, not measured)", s.warmupSeconds()) : "")
                + ", " + s.authType() + " devices");
        line(out, "history", group(r.historyBefore()) + " records on the topic before the run");
        line(out, "adds", group(a.added()) + " added, " + group(a.refused()) + " refused, " + group(a.errors())
                + " errors" + (a.uncertain() > 0 ? " (" + group(a.uncertain()) + " uncertain)" : "")
                + (a.stalled() ? ", STALLED" : ""));
        line(out, "rate", fmt("%,.1f adds/s", a.perSecond()) + " over " + fmt("%.1f s", a.seconds())
                + " (" + group(a.measured()) + " measured; slowest second " + group(a.slowestSecond())
                + ", fastest " + group(a.fastestSecond()) + ")");
        BenchReport.Latency l = r.latency();
        line(out, "latency", fmt("p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms", l.p50(), l.p90(),
                l.p99(), l.p999(), l.max()) + "  (from " + l.from() + ")");
        line(out, "kafka", kafka(r.kafka()));
        BenchReport.ReadSide rs = r.readSide();
        line(out, "read side", (rs.caughtUp() ? fmt("caught up %.2f s after the last add", rs.catchUpSeconds())
                : "did NOT catch up" + (rs.mismatches().isEmpty() ? "" : ": " + String.join("; ", rs.mismatches())))
                + (rs.samples().isEmpty() ? "" : fmt("; during the run at most %s adds / %.2f s behind",
                group(rs.maxLagAdds()), rs.maxLagSeconds())));
        line(out, "mongo", "device-query " + mongo(r.mongo().query()) + "; device-command " + mongo(r.mongo().command())
                + (rs.probeRequests() > 0 ? " (query side includes the bench's " + group(rs.probeRequests()) + " reads)" : ""));
        for (String problem : r.problems()) {
            line(out, "problem", problem);
        }
        return out.toString();
    }

    /** The grow run: its setup, a table with a row per checkpoint, the ratios last/first and any problems. */
    public static String text(GrowReport r) {
        StringBuilder out = new StringBuilder();
        GrowReport.Setup s = r.setup();
        GrowReport.Totals t = r.totals();
        line(out, "run", r.runId() + "  " + r.startedAt() + "  " + (r.passed() ? "PASSED" : "FAILED"));
        machine(out, r.machine());
        line(out, "product", s.product() + (s.productCreated() ? " (created by this run)"
                : " (existing, " + group(s.devicesBefore()) + " devices before the run)") + ", command " + s.commandUrl());
        line(out, "load", "closed loop, " + s.concurrency() + " workers, " + s.authType() + " devices, grown to "
                + group(s.targetDevices()) + fmt(", %.0f s measured at each checkpoint", s.windowSeconds()));
        line(out, "adds", group(t.added()) + " added, " + group(t.refused()) + " refused, " + group(t.errors())
                + " errors" + (t.uncertain() > 0 ? " (" + group(t.uncertain()) + " uncertain)" : "") + "; "
                + group(r.devices()) + " devices in the product at the end; " + group(t.grantedCodes()) + " codes granted");
        out.append(System.lineSeparator());
        out.append(fmt("%12s %12s %10s %9s %9s %9s %12s %12s%n", "checkpoint", "devices", "adds/s", "p50 ms",
                "p99 ms", "max ms", "heap used", "live data"));
        for (GrowReport.Checkpoint c : r.checkpoints()) {
            out.append(fmt("%12s %12s %10.1f %9.1f %9.1f %9.1f %12s %12s%n", group(c.at()), group(c.devices()),
                    c.adds().perSecond(), c.latency().p50(), c.latency().p99(), c.latency().max(),
                    mib(c.heap().usedBytes()), c.heap().hasLiveData() ? mib(c.heap().liveDataBytes()) : "n/a"));
        }
        out.append(System.lineSeparator());
        line(out, "ratios", "rate@last/rate@first " + ratio(r.rateRatio()) + ", p99@last/p99@first " + ratio(r.p99Ratio()));
        for (String note : r.notes()) {
            line(out, "note", note);
        }
        for (String problem : r.problems()) {
            line(out, "problem", problem);
        }
        return out.toString();
    }

    /** The ledger-rebuild run: the broker and the history, one line per pass with its rate, the ratios, the checks. */
    public static String text(LedgerRebuildReport r) {
        StringBuilder out = new StringBuilder();
        LedgerRebuildReport.Setup s = r.setup();
        LedgerRebuildReport.Broker b = r.broker();
        line(out, "run", r.runId() + "  " + r.startedAt() + "  " + (r.passed() ? "PASSED" : "FAILED"));
        machine(out, r.machine());
        line(out, "broker", b.bootstrap() + ", cluster " + b.clusterId() + ", " + b.brokers() + " broker(s); topic "
                + s.topic() + ", " + b.partitions() + " partitions");
        line(out, "ledger", s.ledgerUrl() + ", consumer group " + s.ledgerGroup());
        LedgerRebuildReport.Fill f = r.fill();
        line(out, "fill", f == null ? "none (--no-fill): the topic as it was"
                : group(f.events()) + " events over " + group(f.products()) + " products (region " + s.region() + "), "
                + mib(f.bytes()) + fmt(" in %.1f s, %,.0f events/s", f.seconds(), f.perSecond()));
        LedgerRebuildReport.Settle st = r.settle();
        line(out, "settle", (st.groups().isEmpty() ? "no other readers of the topic"
                : String.join(", ", st.groups()) + (st.settled() ? " had committed the end offsets"
                : " still " + group(st.behind()) + " records behind")) + fmt(" after %.1f s", st.seconds()));
        line(out, "topic", group(r.topic().records()) + " records up to the end offsets taken before the first pass, "
                + r.topic().partitions() + " partitions");
        LedgerRebuildReport.Pass raw = r.plainRaw();
        line(out, "plain", "raw: " + pass(raw, ", " + mib(Math.round(raw.bytes() / Math.max(raw.seconds(), 1e-9))) + "/s"));
        LedgerRebuildReport.Pass decoded = r.plainDecoded();
        line(out, "decoded", pass(decoded, "") + "; " + group(decoded.decoded()) + " events, " + group(decoded.unknown())
                + " of unknown types, " + group(decoded.undecodable()) + " undecodable");
        LedgerRebuildReport.Ledger l = r.ledger();
        if (l == null) {
            line(out, "rebuild", "not measured");
        } else {
            line(out, "rebuild", l.status() + "; " + (l.caughtUp()
                    ? group(r.topic().records()) + fmt(" records in %.2f s (%s): %,.0f records/s", l.seconds(),
                    l.timedBy().equals("observed") ? "until the poll that saw it" : "until its last batch",
                    l.perSecond())
                    : "did NOT catch up") + "; " + group(l.applied()) + " of " + group(l.expected()) + " events applied, "
                    + group(l.errors()) + " failed batches, " + (l.drifts() == null ? "drifts n/a" : group(l.drifts()) + " drifts")
                    + ", group " + (l.committedAtEnd() ? "committed the end offsets" : "did NOT commit the end offsets"));
        }
        LedgerRebuildReport.Ratios ratios = r.ratios();
        line(out, "ratio", ratios == null ? "n/a"
                : fmt("ledger / plain raw %.1f %%, ledger / plain decoded %.1f %% (target >= %.0f %%: %s)",
                ratios.ledgerOverRaw() * 100, ratios.ledgerOverDecoded() * 100, ratios.target() * 100,
                ratios.met() ? "met" : "NOT met"));
        LedgerRebuildReport.Balances balances = r.balances();
        line(out, "balances", !balances.checked() ? "not checked"
                : balances.mismatches().isEmpty() ? group(balances.products()) + " products, each as its history makes it"
                : group(balances.products()) + " products read, WRONG: " + String.join("; ", balances.mismatches()));
        for (String note : r.notes()) {
            line(out, "note", note);
        }
        for (String problem : r.problems()) {
            line(out, "problem", problem);
        }
        return out.toString();
    }

    private static String pass(LedgerRebuildReport.Pass p, String also) {
        return group(p.records()) + fmt(" records in %.2f s: %,.0f records/s", p.seconds(), p.perSecond()) + also
                + (p.rounds() > 1 ? fmt(" (fastest of %d reads, slowest %,.0f/s)", p.rounds(), p.slowestPerSecond()) : "")
                + (p.complete() ? "" : " (did NOT reach the end offsets)");
    }

    public static String json(Object report) {
        try {
            return mapper().writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a report ({@link BenchReport}, {@link GrowReport} or {@link LedgerRebuildReport}) as JSON. */
    public static void writeJson(Object report, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json(report) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static String kafka(BenchReport.Kafka k) {
        if (!k.checked()) {
            return "not checked";
        }
        DeliveryCheck.Result c = k.result();
        String summary = (k.passed() ? "OK, exactly once: " : "FAILED: ") + group(c.devicesSeen()) + " of "
                + group(c.expected()) + " adds seen, " + group(c.missing()) + " missing, " + group(c.duplicatedAdds())
                + " doubled; whole topic " + group(c.records()) + " records, " + group(c.duplicateEventIds())
                + " duplicate event ids, " + group(c.duplicatePositions()) + " duplicate (aggregate, seq), "
                + group(c.sequenceGaps()) + " gaps" + fmt(" (read in %.1f s)", k.readMillis() / 1000.0);
        if (c.uncertain() > 0) {
            summary += "; " + group(c.uncertainSeen()) + " of " + group(c.uncertain()) + " uncertain adds applied";
        }
        if (!c.notes().isEmpty() && !k.passed()) {
            summary += "; e.g. " + String.join("; ", c.notes());
        }
        return summary;
    }

    private static String mongo(BenchReport.MongoUse use) {
        if (!use.available()) {
            return "n/a";
        }
        String breakdown = use.perCommand().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + group(e.getValue()))
                .collect(Collectors.joining(", "));
        return fmt("%.2f round trips/add", use.perAdd()) + " (" + group(use.commands()) + " commands"
                + (breakdown.isEmpty() ? "" : ": " + breakdown) + ")";
    }

    private static void machine(StringBuilder out, BenchReport.Machine m) {
        line(out, "machine", m.cores() + " cores, " + gib(m.memoryBytes()) + ", " + m.cpuModel() + ", " + m.os());
        line(out, "jvm", "bench " + m.benchJvm() + "; services " + m.serviceJvm());
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : fmt("%,.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String ratio(Double ratio) {
        return ratio == null ? "n/a" : fmt("%.2f", ratio);
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append(String.format(Locale.ROOT, "%-10s %s%n", label, text));
    }

    static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String gib(long bytes) {
        return bytes <= 0 ? "? GiB" : fmt("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
