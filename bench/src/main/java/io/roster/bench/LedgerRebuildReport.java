package io.roster.bench;

import java.util.List;

/**
 * What one ledger-rebuild run measured; printed by {@link ReportFormatter#text(LedgerRebuildReport)}, written as JSON
 * with {@code --json}. Every rate counts the records of the topic up to the end offsets taken before the first read
 * ({@code topic.records}), whatever wrote them.
 *
 * @param fill     the history this run wrote, or null with {@code --no-fill}
 * @param ledger   the rebuild, or null when it was not measured (a problem says why)
 * @param ratios   the ledger's rate over the plain consumer's, or null when the ledger was not measured
 * @param balances the check of this run's products' balances after the rebuild
 * @param notes    how to read the figures
 * @param passed   the ledger caught up, its group's committed offsets reached the end offsets and every balance
 *                 checked was the one the history makes; the ratio's target is reported, not judged
 * @param problems why not, one line each
 */
public record LedgerRebuildReport(
        String runId,
        String startedAt,
        BenchReport.Machine machine,
        Setup setup,
        Broker broker,
        Fill fill,
        Settle settle,
        Topic topic,
        Pass plainRaw,
        Pass plainDecoded,
        Ledger ledger,
        Ratios ratios,
        Balances balances,
        List<String> notes,
        boolean passed,
        List<String> problems) {

    /** The ledger's rate over the plain consumer's that the benchmark aims for. */
    public static final double TARGET_RATIO = 0.5;

    /**
     * @param events   events a fill writes (written only when {@code filled})
     * @param products products a fill spreads them over
     */
    public record Setup(String ledgerUrl, String kafka, String topic, String ledgerGroup, String region, long events,
                        int products, boolean filled) {
    }

    /**
     * @param brokers    brokers in the cluster
     * @param partitions partitions of the topic
     */
    public record Broker(String bootstrap, String clusterId, int brokers, int partitions) {
    }

    /**
     * @param events    records written and acknowledged
     * @param bytes     their values' size, as encoded (before the producer's compression)
     * @param seconds   from the first send until the producer's flush returned
     * @param perSecond events / seconds
     */
    public record Fill(long events, int products, long bytes, double seconds, double perSecond) {
    }

    /**
     * Waiting, after the fill, for the topic's other readers to have committed the end offsets, so that the passes
     * below do not share the machine with them.
     *
     * @param groups  the consumer groups with members reading the topic
     * @param settled whether every one of them got there within {@code --settle-timeout}
     * @param behind  records they had still not committed when the wait ended
     */
    public record Settle(double seconds, List<String> groups, boolean settled, long behind) {
    }

    /** @param records the records up to the end offsets taken before the first read: what every pass reads */
    public record Topic(long records, int partitions) {
    }

    /**
     * The fastest of {@code rounds} reads of the whole topic by a plain consumer (assigned every partition, sought to
     * the beginning, byte-array deserialisers, read_committed), up to the end offsets: the first read of a fresh JVM
     * also measures its JIT warming up, which the ledger, warm from reading the fill, does not pay.
     *
     * @param records          records read below the end offsets
     * @param bytes            their keys' and values' size
     * @param seconds          from the assignment until every partition reached its end offset
     * @param perSecond        records / seconds
     * @param complete         every partition reached its end offset within the time-out
     * @param decoded          events the shared codec made of them (the decoded pass only; 0 for the raw one)
     * @param unknown          records of a type the codec does not know, which a read side skips
     * @param undecodable      records of a known type the codec cannot read, at which a read side stops
     * @param rounds           reads made; this is the fastest
     * @param slowestPerSecond the slowest read's records / seconds
     */
    public record Pass(long records, long bytes, double seconds, double perSecond, boolean complete, long decoded,
                       long unknown, long undecodable, int rounds, double slowestPerSecond) {

        /** This read as the fastest of {@code rounds}, the slowest of which read {@code slowestPerSecond}. */
        Pass fastestOf(int rounds, double slowestPerSecond) {
            return new Pass(records, bytes, seconds, perSecond, complete, decoded, unknown, undecodable, rounds,
                    slowestPerSecond);
        }
    }

    /**
     * The ledger's rebuild, asked for with {@code POST /api/v1/admin/rebuild}.
     *
     * @param status          the rebuild's answer, REBUILDING or REQUESTED
     * @param expected        events it had to apply: those the decoded pass made of the topic
     * @param applied         events it reported applied when it was seen caught up
     * @param caughtUp        it reported lag 0 with every expected event applied within {@code --timeout}
     * @param seconds         from just before the request until the ledger applied its last batch
     * @param perSecond       topic records / seconds
     * @param timedBy         {@code lastAppliedAt} (the ledger's own time of its last batch) or {@code observed}
     *                        (the poll that saw it caught up)
     * @param observedSeconds from just before the request until that poll
     * @param polls           progress reads during the rebuild
     * @param errors          batches the ledger's consumer failed (and retried) during the rebuild
     * @param committedAtEnd  the ledger's consumer group committed the end offsets on every partition afterwards
     * @param drifts          events whose stated totals the ledger found wrong during the rebuild (its
     *                        {@code roster.ledger.drift} counter), or null when it could not be read
     */
    public record Ledger(String status, long expected, long applied, boolean caughtUp, double seconds, double perSecond,
                         String timedBy, double observedSeconds, long polls, long errors, boolean committedAtEnd,
                         Long drifts) {
    }

    /**
     * @param ledgerOverRaw     the ledger's events/s over the raw plain pass's: the headline figure
     * @param ledgerOverDecoded the ledger's over the decoding pass's
     * @param target            {@link #TARGET_RATIO}
     * @param met               {@code ledgerOverRaw >= target}
     */
    public record Ratios(double ledgerOverRaw, double ledgerOverDecoded, double target, boolean met) {
    }

    /**
     * @param checked    whether the balances were read (a fill in this run, or an earlier one's {@code --run-id})
     * @param products   products whose balance was read
     * @param mismatches products whose balance differed from the history's totals (at most a few, one line each)
     */
    public record Balances(boolean checked, int products, List<String> mismatches) {
    }
}
