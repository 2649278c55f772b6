package io.roster.command.auth.replay;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts each (productKey, deviceKey, timestamp, signature) once while its timestamp is inside the window.
 * <p>
 * A request is remembered until its timestamp leaves the window ({@code timestamp + window}); after that the
 * timestamp check refuses it anyway, so forgetting it is safe. Memory is bounded by {@code maxEntries}: when
 * the guard is full even after dropping expired entries, it refuses new requests as
 * {@link DenyReason#RATE_LIMITED} rather than forget one still in its window (forgetting would let a replay
 * through). Under concurrency the cap can be overshot by at most the number of threads racing past it.
 * <p>
 * Expired entries are dropped by {@link #sweep()}, which callers may schedule; failing that, the first check
 * after each {@code sweepInterval} sweeps inline, so the guard needs no thread of its own.
 * <p>
 * Call it only for requests whose signature already verified: an invalid request must not occupy a slot.
 */
public final class ReplayGuard {

    /** 250,000 remembered requests: about 830 accepted connections per second sustained over a 5-minute window. */
    public static final int DEFAULT_MAX_ENTRIES = 250_000;
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
    /** When full, sweep at most this often so that a full guard does not scan on every request. */
    private static final long FULL_SWEEP_BACKOFF_MILLIS = 1_000;

    private final Clock clock;
    private final long windowMillis;
    private final int maxEntries;
    private final long sweepIntervalMillis;
    private final Set<Seen> seen;
    private final AtomicLong nextSweepAt;
    private final AtomicLong lastFullSweepAt;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public ReplayGuard(Clock clock, Duration window, int maxEntries, Duration sweepInterval) {
        if (window.isNegative() || maxEntries < 1 || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("window >= 0, maxEntries >= 1 and sweepInterval > 0 are required");
        }
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.maxEntries = maxEntries;
        this.sweepIntervalMillis = sweepInterval.toMillis();
        // Sized up front so the hot path does not pay for table resizes while the guard fills.
        this.seen = ConcurrentHashMap.newKeySet(Math.min(maxEntries, 1 << 18));
        this.nextSweepAt = new AtomicLong(clock.millis() + sweepIntervalMillis);
        this.lastFullSweepAt = new AtomicLong(clock.millis() - FULL_SWEEP_BACKOFF_MILLIS);
    }

    /** The contract's ±5 minutes with the default cap and sweep interval. */
    public static ReplayGuard standard(Clock clock) {
        return new ReplayGuard(clock, Duration.ofMinutes(5), DEFAULT_MAX_ENTRIES, DEFAULT_SWEEP_INTERVAL);
    }

    /**
     * Records the request and allows it if it was not seen before; otherwise {@link DenyReason#REPLAYED}.
     * A timestamp outside the window is refused as {@link DenyReason#TIMESTAMP_OUT_OF_WINDOW} without being
     * remembered, so the guard is sound even if called before the timestamp check.
     */
    public Verdict admit(String productKey, String deviceKey, long timestamp, String signature) {
        long now = clock.millis();
        if (timestamp < now - windowMillis || timestamp > now + windowMillis) {
            return Verdict.deny(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
        }
        maybeSweep(now);
        Seen key = new Seen(productKey, deviceKey, timestamp, signature.toLowerCase(Locale.ROOT), timestamp + windowMillis);
        if (seen.size() >= maxEntries && !roomAfterFullSweep(now)) {
            return seen.contains(key) ? Verdict.deny(DenyReason.REPLAYED)
                    : Verdict.deny(DenyReason.RATE_LIMITED, "replay guard is full");
        }
        return seen.add(key) ? Verdict.allow() : Verdict.deny(DenyReason.REPLAYED);
    }

    /** Drops every entry whose timestamp has left the window; returns how many. */
    public int sweep() {
        long now = clock.millis();
        int removed = 0;
        for (Iterator<Seen> it = seen.iterator(); it.hasNext(); ) {
            if (it.next().expiresAt < now) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Requests currently remembered. */
    public int size() {
        return seen.size();
    }

    private void maybeSweep(long now) {
        long due = nextSweepAt.get();
        if (now >= due && nextSweepAt.compareAndSet(due, now + sweepIntervalMillis)) {
            sweepExclusively();
        }
    }

    private boolean roomAfterFullSweep(long now) {
        long last = lastFullSweepAt.get();
        if (now - last >= FULL_SWEEP_BACKOFF_MILLIS && lastFullSweepAt.compareAndSet(last, now)) {
            sweepExclusively();
        }
        return seen.size() < maxEntries;
    }

    private void sweepExclusively() {
        if (sweeping.compareAndSet(false, true)) {
            try {
                sweep();
            } finally {
                sweeping.set(false);
            }
        }
    }

    /** Equality covers the four request fields; {@code expiresAt} rides along for the sweep. */
    private static final class Seen {
        private final String productKey;
        private final String deviceKey;
        private final long timestamp;
        private final String signature;
        private final long expiresAt;
        private final int hash;

        Seen(String productKey, String deviceKey, long timestamp, String signature, long expiresAt) {
            this.productKey = productKey;
            this.deviceKey = deviceKey;
            this.timestamp = timestamp;
            this.signature = signature;
            this.expiresAt = expiresAt;
            this.hash = 31 * (31 * (31 * productKey.hashCode() + deviceKey.hashCode()) + Long.hashCode(timestamp))
                    + signature.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Seen other && timestamp == other.timestamp && signature.equals(other.signature)
                    && deviceKey.equals(other.deviceKey) && productKey.equals(other.productKey);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
