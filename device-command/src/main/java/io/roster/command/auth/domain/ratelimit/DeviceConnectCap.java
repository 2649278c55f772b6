package io.roster.command.auth.domain.ratelimit;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code limit} signed connections of one device admitted per window of the server's clock (5 minutes), so
 * that one device, even with valid credentials, cannot fill the replay guard and so refuse the whole fleet
 * (docs/authentication.md §7). A signed connection's fingerprint stays in the guard for at most two windows and a
 * slice, so the device's own connections hold at most about three times {@code limit} of the guard's slots.
 * <p>
 * Counted per instance, in memory: what it protects, the in-memory guard, is per instance too. Only admissions
 * count: {@link #release} gives back the slot of a request then refused as a replay, so replaying a device's
 * captured request does not use up the device's own connections. A replay of a request another instance admitted
 * still takes a slot of this guard, so a device holds at most about three times {@code limit} of it for each
 * instance of the deployment. Counts are dropped when their window has passed, so the devices tracked are those
 * admitted in the current window, no more than the guard holds.
 */
public final class DeviceConnectCap {

    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final Clock clock;
    private final int limit;
    private final long windowMillis;
    private final ConcurrentMap<String, Count> counts = new ConcurrentHashMap<>();
    private final AtomicLong sweptWindow;

    public DeviceConnectCap(Clock clock, int limit, Duration window) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit >= 1 and a positive window are required");
        }
        this.clock = clock;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.sweptWindow = new AtomicLong(clock.millis() / windowMillis);
    }

    /** {@code limit} connections per 5 minutes. */
    public static DeviceConnectCap standard(Clock clock, int limit) {
        return new DeviceConnectCap(clock, limit, WINDOW);
    }

    /** Takes one of the device's connections of this window; {@link DenyReason#RATE_LIMITED} when none is left. */
    public Verdict admit(String productKey, String deviceKey) {
        long window = clock.millis() / windowMillis;
        long swept = sweptWindow.get();
        if (window > swept && sweptWindow.compareAndSet(swept, window)) {
            sweep(window);
        }
        String device = FailureRateLimiter.deviceSubject(productKey, deviceKey);
        while (true) {
            Count count = counts.computeIfAbsent(device, d -> new Count());
            synchronized (count) {
                if (count.dropped) {
                    continue;
                }
                if (count.window != window) {
                    count.window = window;
                    count.used = 0;
                }
                if (count.used >= limit) {
                    return Verdict.deny(DenyReason.RATE_LIMITED, "more than " + limit
                            + " connections of this device in " + windowMillis / 1000 + " s");
                }
                count.used++;
                return Verdict.allow();
            }
        }
    }

    /** Gives back the connection {@link #admit} took for a request that was then refused. */
    public void release(String productKey, String deviceKey) {
        Count count = counts.get(FailureRateLimiter.deviceSubject(productKey, deviceKey));
        if (count != null) {
            synchronized (count) {
                if (!count.dropped && count.used > 0) {
                    count.used--;
                }
            }
        }
    }

    /** Devices with a count (for tests). */
    int tracked() {
        return counts.size();
    }

    private void sweep(long window) {
        counts.forEach((device, count) -> {
            synchronized (count) {
                if (count.window < window) {
                    count.dropped = true;
                    counts.remove(device, count);
                }
            }
        });
    }

    /** A device's connections admitted in {@link #window}. */
    private static final class Count {
        long window = Long.MIN_VALUE;
        int used;
        boolean dropped;
    }
}
