package io.roster.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * When each acknowledged add was answered, in the order the answers came: the n-th entry is the time at
 * which n + 1 adds had been acknowledged. Lets the lag sampler turn "the read side shows v adds" into "it is
 * this many seconds behind". Lock-free for the workers; grows in chunks.
 */
final class AckTimeline {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MAX_CHUNKS = 1 << 12;

    private final AtomicLong acked = new AtomicLong();
    private final AtomicReferenceArray<long[]> chunks = new AtomicReferenceArray<>(MAX_CHUNKS);

    /** Records one acknowledgement at {@code nanoTime}. */
    void ack(long nanoTime) {
        long index = acked.getAndIncrement();
        int chunk = (int) (index >>> CHUNK_BITS);
        if (chunk >= MAX_CHUNKS) {
            return;
        }
        long[] times = chunks.get(chunk);
        if (times == null) {
            chunks.compareAndSet(chunk, null, new long[CHUNK]);
            times = chunks.get(chunk);
        }
        times[(int) (index & (CHUNK - 1))] = nanoTime;
    }

    long acked() {
        return acked.get();
    }

    /**
     * How long the oldest add not yet visible has been acknowledged at {@code now}, given that {@code visible}
     * adds are visible; zero when the read side shows them all.
     */
    long lagNanos(long visible, long now) {
        long index = Math.max(0, visible);
        if (index >= acked.get()) {
            return 0;
        }
        int chunk = (int) (index >>> CHUNK_BITS);
        long[] times = chunk < MAX_CHUNKS ? chunks.get(chunk) : null;
        long at = times == null ? 0 : times[(int) (index & (CHUNK - 1))];
        // an acknowledgement counted but not yet stored reads as 0: treat it as "just now"
        return at == 0 ? 0 : Math.max(0, now - at);
    }
}
