package io.roster.command.auth.domain.replay;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts each (productKey, deviceKey, timestamp, signature) once while its timestamp is inside the window.
 * <p>
 * A request is remembered until its timestamp leaves the window ({@code timestamp + window}); after that the
 * timestamp check refuses it anyway, so forgetting it is safe. Memory is bounded by {@code capacity}: when the
 * guard is full even after dropping what expired, it refuses new requests as {@link DenyReason#RATE_LIMITED}
 * rather than forget one still in its window (forgetting would let a replay through).
 * <p>
 * <b>Representation.</b> A sustained 5,000 connections/s over a 5-minute window is 1.5 million requests to
 * remember, so each is kept as a 128-bit fingerprint in an open-addressing table of {@code long}s — 16 bytes,
 * about 32 with the table's headroom, instead of ~200 for an object per request. The fingerprint is the first
 * 128 bits of the (hex) signature mixed with a 64-bit hash of the product key, device key and timestamp: the
 * signature is an HMAC over those fields, so two different accepted requests share a fingerprint with
 * probability 2<sup>-128</sup>. A replay repeats the timestamp, so requests are kept in tables by timestamp
 * slice ({@value #SLICE_MILLIS} ms): a check looks in one table, and what expired is dropped a table at a time.
 * <p>
 * Call it only for requests whose signature already verified: an invalid request must not occupy a slot.
 * <p>
 * The guard is this instance's memory, the first filter: a replay sent here again is refused without I/O. A
 * request it admits is then claimed for the whole deployment ({@link io.roster.command.auth.application.replay.ReplayClaims}), which refuses one accepted by
 * another instance or before a restart (docs/security.md, "Replay protection").
 */
public final class ReplayGuard {

    /**
     * Two million remembered requests (~64 MiB at most): about 6,600 accepted connections per second sustained
     * over the 5-minute window.
     */
    public static final int DEFAULT_CAPACITY = 2_000_000;
    static final long SLICE_MILLIS = 10_000;
    /** When full, look for expired slices at most this often so that a full guard does not scan on every request. */
    private static final long FULL_SWEEP_BACKOFF_MILLIS = 1_000;

    private final Clock clock;
    private final long windowMillis;
    private final int capacity;
    private final ConcurrentMap<Long, Slice> slices = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong nextSweepAt;
    private final AtomicLong lastFullSweepAt;

    public ReplayGuard(Clock clock, Duration window, int capacity) {
        if (window.isNegative() || capacity < 1) {
            throw new IllegalArgumentException("window >= 0 and capacity >= 1 are required");
        }
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
        this.nextSweepAt = new AtomicLong(clock.millis() + SLICE_MILLIS);
        this.lastFullSweepAt = new AtomicLong(clock.millis() - FULL_SWEEP_BACKOFF_MILLIS);
    }

    /** The contract's ±5 minutes with the given capacity. */
    public static ReplayGuard standard(Clock clock, int capacity) {
        return new ReplayGuard(clock, Duration.ofMinutes(5), capacity);
    }

    /**
     * Records the request and allows it if it was not seen before; otherwise {@link DenyReason#REPLAYED}.
     * A timestamp outside the window is refused as {@link DenyReason#TIMESTAMP_OUT_OF_WINDOW} without being
     * remembered, so the guard is sound even if called before the timestamp check.
     */
    public Verdict admit(String productKey, String deviceKey, long timestamp, String signature) {
        return admit(timestamp, fingerprint(productKey, deviceKey, timestamp, signature));
    }

    /**
     * The request's 128-bit fingerprint, as this guard keeps it and as {@link io.roster.command.auth.application.replay.ReplayClaims} claims it across the
     * deployment: equal for a replay (the signature's hex digits in either case), different for any other request.
     */
    public static UUID fingerprint(String productKey, String deviceKey, long timestamp, String signature) {
        long mix = Fingerprints.mix(productKey, deviceKey, timestamp);
        long high = Fingerprints.half(signature, 0) ^ mix;
        long low = Fingerprints.half(signature, 16) ^ Long.rotateLeft(mix, 29) ^ 0x9E3779B97F4A7C15L;
        return new UUID(high, low);
    }

    /** As {@link #admit(String, String, long, String)}, for a request's {@link #fingerprint}. */
    public Verdict admit(long timestamp, UUID fingerprint) {
        long now = clock.millis();
        if (timestamp < now - windowMillis || timestamp > now + windowMillis) {
            return Verdict.deny(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
        }
        long due = nextSweepAt.get();
        if (now >= due && nextSweepAt.compareAndSet(due, now + SLICE_MILLIS)) {
            sweep(now);
        }
        long high = fingerprint.getMostSignificantBits();
        long low = fingerprint.getLeastSignificantBits();
        Slice slice = slices.computeIfAbsent(Math.floorDiv(timestamp, SLICE_MILLIS), Slice::new);
        synchronized (slice) {
            if (slice.retired) {
                // swept while this check ran: its timestamp has just left the window
                return Verdict.deny(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
            }
            if (slice.contains(high, low)) {
                return Verdict.deny(DenyReason.REPLAYED);
            }
            if (size.get() >= capacity && !roomAfterFullSweep(now)) {
                return Verdict.deny(DenyReason.RATE_LIMITED, "replay guard is full");
            }
            slice.add(high, low);
        }
        size.incrementAndGet();
        return Verdict.allow();
    }

    /** How long after its timestamp a request is remembered (and refused as out of the window after that). */
    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    /** Drops every request whose timestamp has left the window; returns how many. */
    public int sweep() {
        return sweep(clock.millis());
    }

    /** Requests currently remembered. */
    public int size() {
        return size.get();
    }

    private int sweep(long now) {
        int removed = 0;
        for (Slice slice : slices.values()) {
            // the newest timestamp a slice can hold has left the window: nothing in it can be admitted again
            if ((slice.index + 1) * SLICE_MILLIS - 1 + windowMillis < now && slices.remove(slice.index, slice)) {
                synchronized (slice) {
                    removed += slice.size;
                    slice.retire();
                }
            }
        }
        size.addAndGet(-removed);
        return removed;
    }

    private boolean roomAfterFullSweep(long now) {
        long last = lastFullSweepAt.get();
        if (now - last >= FULL_SWEEP_BACKOFF_MILLIS && lastFullSweepAt.compareAndSet(last, now)) {
            sweep(now);
        }
        return size.get() < capacity;
    }

    /**
     * The fingerprints of one timestamp slice: linear probing over pairs of longs, grown at half full. A pair
     * of zeros marks a free slot; the one fingerprint that is all zeros is stored as a flag instead.
     */
    private static final class Slice {

        private final long index;
        private long[] table = new long[2 * 1024];
        private int size;
        private boolean zero;
        private boolean retired;

        Slice(long index) {
            this.index = index;
        }

        boolean contains(long high, long low) {
            if ((high | low) == 0) {
                return zero;
            }
            int mask = table.length / 2 - 1;
            for (int slot = spread(high, low) & mask; ; slot = (slot + 1) & mask) {
                long h = table[2 * slot];
                long l = table[2 * slot + 1];
                if ((h | l) == 0) {
                    return false;
                }
                if (h == high && l == low) {
                    return true;
                }
            }
        }

        void add(long high, long low) {
            size++;
            if ((high | low) == 0) {
                zero = true;
                return;
            }
            if (size * 2 > table.length / 2) {
                grow();
            }
            insert(table, high, low);
        }

        /** Frees the table; a check that still holds this slice sees {@link #retired} and looks no further. */
        void retire() {
            retired = true;
            table = null;
            size = 0;
        }

        private void grow() {
            long[] bigger = new long[table.length * 2];
            for (int i = 0; i < table.length; i += 2) {
                if ((table[i] | table[i + 1]) != 0) {
                    insert(bigger, table[i], table[i + 1]);
                }
            }
            table = bigger;
        }

        private static void insert(long[] into, long high, long low) {
            int mask = into.length / 2 - 1;
            int slot = spread(high, low) & mask;
            while ((into[2 * slot] | into[2 * slot + 1]) != 0) {
                slot = (slot + 1) & mask;
            }
            into[2 * slot] = high;
            into[2 * slot + 1] = low;
        }

        private static int spread(long high, long low) {
            long h = high ^ (low * 0x9E3779B97F4A7C15L);
            return (int) (h ^ (h >>> 32));
        }
    }
}
