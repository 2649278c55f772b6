package io.roster.bench;

import java.util.List;

/**
 * What one grow run measured; printed by {@link ReportFormatter#text(GrowReport)}, written as JSON with
 * {@code --json}.
 *
 * @param checkpoints one per measured window, in order
 * @param devices     devices the product held at the end, by this run's count (what it held before, plus its adds)
 * @param rateRatio   adds/s at the last checkpoint over adds/s at the first, null when fewer than two were measured
 * @param p99Ratio    p99 latency at the last checkpoint over p99 at the first, null likewise
 * @param notes       how to read the figures (such as a heap metric the service did not have)
 * @param passed      every add succeeded, nothing stalled, and device-command's heap could be read at every checkpoint
 * @param problems    why not, one line each
 */
public record GrowReport(
        String runId,
        String startedAt,
        BenchReport.Machine machine,
        Setup setup,
        List<Checkpoint> checkpoints,
        long devices,
        Double rateRatio,
        Double p99Ratio,
        Totals totals,
        List<String> notes,
        boolean passed,
        List<String> problems) {

    /**
     * @param product        the product grown
     * @param productCreated whether this run created it (otherwise {@code --product})
     * @param devicesBefore  devices it held when the run began (device-query's codes in use)
     */
    public record Setup(String commandUrl, int concurrency, long targetDevices, List<Long> checkpoints,
                        double windowSeconds, String authType, String product, boolean productCreated,
                        long devicesBefore) {
    }

    /**
     * One measured window.
     *
     * @param at      the checkpoint
     * @param devices devices the product held when the window began (at least {@code at}: a window may end beyond
     *                the next checkpoint)
     * @param adds    the window's adds, {@code perSecond} its rate
     * @param latency the window's latency, send to answer
     * @param heap    device-command's heap just before the window
     */
    public record Checkpoint(long at, long devices, BenchReport.Adds adds, BenchReport.Latency latency, Heap heap) {
    }

    /**
     * Device-command's heap, from its actuator; -1 where it could not be read.
     *
     * @param usedBytes     {@code jvm.memory.used} with {@code area:heap}: live objects and garbage not yet collected
     * @param liveDataBytes {@code jvm.gc.live.data.size}: the old generation after the last major collection; 0 until
     *                      the first one
     */
    public record Heap(long usedBytes, long liveDataBytes) {

        public boolean hasLiveData() {
            return liveDataBytes > 0;
        }
    }

    /** Every add of the run, fills and windows together; {@code refused} and {@code errors} fail it. */
    public record Totals(long sent, long added, long refused, long errors, long uncertain, long grantedCodes,
                         List<String> errorExamples) {
    }
}
