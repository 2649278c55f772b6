package io.roster.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one run measured and checked; printed by {@link ReportFormatter}, written as JSON with
 * {@code --json}.
 *
 * @param passed   every add succeeded, the Kafka check passed and the read side caught up
 * @param problems why not, one line each
 */
public record BenchReport(
        String runId,
        String startedAt,
        Machine machine,
        String backend,
        Setup setup,
        long historyBefore,
        Adds adds,
        Latency latency,
        Kafka kafka,
        ReadSide readSide,
        Mongo mongo,
        boolean passed,
        List<String> problems) {

    /**
     * @param cores       processors available to the benchmark's JVM
     * @param memoryBytes physical memory, 0 when unknown
     * @param benchJvm    the benchmark's own JVM
     * @param serviceJvm  the JVM device-command runs on, when it runs on this machine
     */
    public record Machine(int cores, long memoryBytes, String cpuModel, String os, String benchJvm, String serviceJvm) {
    }

    public record Setup(String mode, int concurrency, int products, long count, double durationSeconds,
                        double targetRate, double warmupSeconds, String authType, String commandUrl, String queryUrl,
                        String kafka, String topic) {
    }

    /**
     * @param sent          adds sent (warm-up included)
     * @param added         answered 201
     * @param refused       answered 409 QUOTA_EXHAUSTED
     * @param errors        any other answer, or none
     * @param uncertain     of the errors, those that may have been applied (5xx, time-out, connection lost)
     * @param measured      adds answered 201 after the warm-up
     * @param seconds       length of the measured window
     * @param perSecond     measured / seconds
     * @param slowestSecond fewest adds answered in one whole second of the measured window
     * @param fastestSecond most adds answered in one whole second of the measured window
     * @param stalled       the run was stopped because nothing was answered for the stall time-out
     */
    public record Adds(long sent, long added, long refused, long errors, long uncertain, long measured, double seconds,
                       double perSecond, long slowestSecond, long fastestSecond, boolean stalled,
                       List<String> errorExamples) {
    }

    /** In milliseconds; {@code from} says whether measured from the send or from the intended send time. */
    public record Latency(String from, long samples, double p50, double p90, double p99, double p999, double max,
                          double mean) {
    }

    public record Kafka(boolean checked, boolean passed, long readMillis, DeliveryCheck.Result result) {
    }

    /**
     * @param caughtUp       device-query showed every add before the catch-up time-out
     * @param catchUpSeconds from the last acknowledged add until device-query showed them all
     * @param maxLagAdds     most adds acknowledged but not yet visible, over the samples
     * @param maxLagSeconds  oldest acknowledged add not yet visible, over the samples
     * @param mismatches     products whose codes.inUse did not end equal to their adds
     */
    public record ReadSide(boolean caughtUp, double catchUpSeconds, long maxLagAdds, double maxLagSeconds,
                           long probeRequests, List<String> mismatches, List<LagSample> samples) {
    }

    /**
     * One sample, {@code t} seconds into the run: {@code acked} adds acknowledged by device-command,
     * {@code published} records added to the topic since the run began (-1 when not sampled), {@code visible}
     * adds shown by device-query, and how long the oldest add not yet visible has been acknowledged.
     */
    public record LagSample(double t, long acked, long published, long visible, double lagSeconds) {
    }

    public record Mongo(MongoUse query, MongoUse command) {
    }

    /**
     * MongoDB commands one service sent while the run's adds were applied.
     *
     * @param available  whether the service exposes {@code mongodb.driver.commands}
     * @param commands   commands sent between the readings
     * @param perAdd     commands / adds
     * @param perCommand commands by name (find, update, insert, ...)
     */
    public record MongoUse(boolean available, long commands, double perAdd, Map<String, Long> perCommand) {

        public static MongoUse none() {
            return new MongoUse(false, 0, 0, Map.of());
        }
    }
}
