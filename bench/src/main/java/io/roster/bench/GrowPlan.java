package io.roster.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of a grow run, kept apart from the HTTP so that it can be tested: which checkpoints a product that
 * already holds some devices can still be measured at, how many adds a fill needs, how many codes a window may use,
 * how a number of codes splits into grants, and the ratios the report ends with.
 */
final class GrowPlan {

    /**
     * The add rate a measured window is assumed never to exceed when its codes are granted (twice the fastest rate
     * seen so far when that is higher): a window's adds are bounded by time, not count, and one that runs out of codes
     * would be refused adds.
     */
    static final double ASSUMED_MAX_RATE = 10_000;

    private GrowPlan() {
    }

    /** The checkpoints a product holding {@code held} devices can still be measured at: those not below it. */
    static List<Long> reachable(List<Long> checkpoints, long held) {
        return checkpoints.stream().filter(c -> c >= held).toList();
    }

    /** The adds that bring a product holding {@code held} devices to {@code target}; none when it holds as many. */
    static long fill(long target, long held) {
        return Math.max(0, target - held);
    }

    /** The codes a window of {@code window} must have available, given the fastest rate (adds/s) seen so far. */
    static long windowCodes(Duration window, double fastestRate) {
        double rate = Math.max(ASSUMED_MAX_RATE, 2 * fastestRate);
        return (long) Math.ceil(window.toMillis() / 1000.0 * rate);
    }

    /** {@code codes} as grants of at most {@link AddDevicesBench#MAX_GRANT} each, the largest first. */
    static List<Long> grants(long codes) {
        List<Long> grants = new ArrayList<>();
        for (long left = codes; left > 0; left -= AddDevicesBench.MAX_GRANT) {
            grants.add(Math.min(left, AddDevicesBench.MAX_GRANT));
        }
        return grants;
    }

    /** {@code last / first}, or null when there is no first (nothing measured) to compare with. */
    static Double ratio(double last, double first) {
        return first > 0 ? Math.round(last / first * 1000) / 1000.0 : null;
    }
}
