package io.roster.command.auth.domain.ratelimit;

import java.time.Duration;

/**
 * How many failed authentications a subject (a device, a device at a source, a source address) may have before it is blocked,
 * and for how long.
 * <p>
 * {@code maxFailures} failures within {@code window} block the subject for {@code baseBlock}; each further
 * block doubles, up to {@code maxBlock}. The escalation is forgotten after {@code forgetAfter} without
 * failures (counted from the end of the last block), or at a success when {@code successForgets}.
 * At most {@code maxTrackedSubjects} subjects are tracked at once.
 */
public record FailurePolicy(int maxFailures, Duration window, Duration baseBlock, Duration maxBlock,
                            Duration forgetAfter, boolean successForgets, int maxTrackedSubjects) {

    public FailurePolicy {
        if (maxFailures < 1 || maxTrackedSubjects < 1) {
            throw new IllegalArgumentException("maxFailures and maxTrackedSubjects must be positive");
        }
        if (!isPositive(window) || !isPositive(baseBlock) || !isPositive(maxBlock) || !isPositive(forgetAfter)
                || maxBlock.compareTo(baseBlock) < 0) {
            throw new IllegalArgumentException("durations must be positive and maxBlock >= baseBlock");
        }
    }

    /**
     * Per device at one source (product key + device key + the device's address): 7 failures in 1 minute (the seed
     * platform allows 7 connect requests per minute per device) block that device from that address for 1 minute,
     * then 2, 4, 8, ... up to 1 hour; forgotten after 1 hour without failures or at the next success of the device
     * from that address; 100,000 pairs tracked.
     */
    public static FailurePolicy perDeviceAndSource() {
        return new FailurePolicy(7, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofHours(1), true, 100_000);
    }

    /**
     * Per device, whatever the source (and for requests whose source is unknown): 30 failures in 1 minute block the
     * device for 1 minute, never longer and never escalated, so that whoever knows only a device key cannot lock the
     * device out for longer than a minute after he stops; forgotten at the device's next success; 100,000 devices
     * tracked.
     */
    public static FailurePolicy perDevice() {
        return new FailurePolicy(30, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1), true, 100_000);
    }

    /**
     * Per source address: 60 failures in 1 minute block it for 1 minute, then 2, 4, ... up to 1 hour;
     * forgotten after 1 hour without failures, never by a success (one valid credential must not reset the
     * count of guesses from the same address); 100,000 sources tracked.
     */
    public static FailurePolicy perSource() {
        return new FailurePolicy(60, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofHours(1), false, 100_000);
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
