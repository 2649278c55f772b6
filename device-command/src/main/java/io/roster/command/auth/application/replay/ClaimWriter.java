package io.roster.command.auth.application.replay;

import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Writes behind the claims the lead instance decided from memory ({@link ReplayClaims}): one thread sends, a
 * {@code linger} after the first claim arrived, what queued until then as one batch, so the store holds each claim a
 * few milliseconds after its request was accepted, and retries a failed statement until it goes through. The lead
 * decides from memory only while {@link #lagNanos} stays small: a store that does not take the claims stops the lead
 * from accepting more.
 * <p>
 * The queue takes no lock: the decisions that add to it, the routing that reads its oldest entry and the writer that
 * drains it never wait on each other. An idle writer parks, and the first claim to arrive wakes it.
 */
public final class ClaimWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClaimWriter.class);
    private static final int MAX_BATCH = 5_000;
    private static final long RETRY_MILLIS = 50;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private record Queued(Claim claim, long queuedAt) {
    }

    /** Writes a batch of claims decided from memory; a failure throws. */
    @FunctionalInterface
    public interface Store {
        void store(List<Claim> claims);
    }

    private final Store store;
    private final long lingerNanos;
    private final LongSupplier nanos;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    /** When the oldest claim not yet written was queued; {@link Long#MAX_VALUE} when none waits. */
    private volatile long oldestUnwritten = Long.MAX_VALUE;
    private volatile boolean closed;
    /** The writer found the queue empty and parks until {@link #add} wakes it (or {@link #IDLE_NANOS} pass). */
    private volatile boolean idle;

    /**
     * {@code linger}: how long the writer waits, after a claim arrives, for others to share its statement; a longer
     * one costs the store fewer statements for as many claims.
     */
    public ClaimWriter(Store store, Duration linger, LongSupplier nanos) {
        this.store = store;
        this.lingerNanos = linger.toNanos();
        this.nanos = nanos;
        this.writer = new Thread(this::write, "replay-claims-behind");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a claim won in memory; it reaches the store in the next statement. */
    public void add(Claim claim) {
        queue.add(new Queued(claim, nanos.getAsLong()));
        if (idle) {
            LockSupport.unpark(writer);
        }
    }

    /** How long the oldest claim not yet in the store has waited; 0 when all are written. */
    public long lagNanos() {
        long oldest = oldestUnwritten;
        Queued head = queue.peek();
        if (head != null) {
            oldest = Math.min(oldest, head.queuedAt());
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, nanos.getAsLong() - oldest);
    }

    /** Waits until every claim queued so far is written, at most {@code timeout}; whether they all were. */
    public boolean drain(Duration timeout) {
        long deadline = nanos.getAsLong() + timeout.toNanos();
        while (lagNanos() > 0 || !queue.isEmpty()) {
            if (nanos.getAsLong() - deadline >= 0 || !writer.isAlive()) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void write() {
        List<Queued> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Queued first = queue.poll();
                if (first == null) {
                    awaitClaims();
                    continue;
                }
                oldestUnwritten = first.queuedAt();
                long wait = first.queuedAt() + lingerNanos - nanos.getAsLong();
                if (wait > 0 && !closed) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                batch.add(first);
                for (Queued next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
                    batch.add(next);
                }
                send(batch);
            } catch (InterruptedException e) {
                if (closed && queue.isEmpty() && batch.isEmpty()) {
                    return;
                }
            } finally {
                batch.clear();
                oldestUnwritten = Long.MAX_VALUE;
            }
        }
    }

    /** Parks while nothing is queued: an {@link #add} seeing {@link #idle} unparks the writer. */
    private void awaitClaims() throws InterruptedException {
        idle = true;
        try {
            if (queue.isEmpty() && !closed) {
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
        } finally {
            idle = false;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Sends one batch until it goes through. */
    private void send(List<Queued> batch) throws InterruptedException {
        List<Claim> claims = new ArrayList<>(batch.size());
        for (Queued queued : batch) {
            claims.add(queued.claim());
        }
        boolean failing = false;
        while (true) {
            try {
                store.store(claims);
                if (failing) {
                    log.info("replay claims are written again");
                }
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.warn("replay claims could not be written; retrying: {}", e.toString());
                }
                if (closed && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /** Writes what is queued (waiting at most two seconds), then stops. */
    @Override
    public void close() {
        drain(Duration.ofSeconds(2));
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
