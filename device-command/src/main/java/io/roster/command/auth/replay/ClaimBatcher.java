package io.roster.command.auth.replay;

import io.roster.command.auth.replay.ReplayClaimStore.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Group commit for replay claims: the claims of concurrent requests go to their {@link ClaimSink} (the shared store, or the instance leading the claims) in one
 * statement per batch, so a stream of 5,000 accepted connections a second costs a statement or two a millisecond,
 * not 5,000 round trips.
 * <p>
 * Each writer thread takes what queued while its previous statement ran (a lone claim is a batch of one, sent at
 * once, with no waiting for company) and completes every claim's future with whether it was won. Fail closed: a
 * claim that is not decided within {@code timeout} — the store failed, hangs, or the bounded queue is full —
 * completes with {@link ClaimUnavailableException}, and its request is refused. A reaper enforces the timeout even
 * while a writer is stuck in a statement.
 */
public final class ClaimBatcher implements ClaimChannel {

    private static final Logger log = LoggerFactory.getLogger(ClaimBatcher.class);

    /** The longest a decision waits for its claim. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_QUEUE = 65_536;
    public static final int DEFAULT_BATCH = 1_000;
    public static final int DEFAULT_WRITERS = 2;
    private static final long REAP_EVERY_MILLIS = 50;

    /** One claim waiting for its answer. */
    private record Pending(UUID fingerprint, Instant expiresAt, long deadline, CompletableFuture<Boolean> won) {
    }

    /** A writer's batch while its statement runs; {@code deadline} is that of its oldest claim. */
    private record InFlight(List<Pending> claims, long deadline) {
    }

    private final ClaimSink store;
    private final long timeoutNanos;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private final AtomicReferenceArray<InFlight> inFlight;
    private final List<Thread> writers = new ArrayList<>();
    private final ScheduledExecutorService reaper;
    private final AtomicLong statements = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean failing;

    public ClaimBatcher(ClaimSink store, Duration timeout, int queueCapacity, int maxBatch, int writerThreads) {
        if (timeout.isNegative() || timeout.isZero() || queueCapacity < 1 || maxBatch < 1 || writerThreads < 1) {
            throw new IllegalArgumentException("timeout > 0, queueCapacity, maxBatch and writerThreads >= 1 are required");
        }
        this.store = store;
        this.timeoutNanos = timeout.toNanos();
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.inFlight = new AtomicReferenceArray<>(writerThreads);
        for (int i = 0; i < writerThreads; i++) {
            int slot = i;
            Thread writer = new Thread(() -> write(slot), "replay-claims-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "replay-claims-reaper");
            thread.setDaemon(true);
            return thread;
        });
        reaper.scheduleWithFixedDelay(this::reap, REAP_EVERY_MILLIS, REAP_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The standard timeout, queue, batch size and two writer threads. */
    public static ClaimBatcher standard(ClaimSink store) {
        return new ClaimBatcher(store, DEFAULT_TIMEOUT, DEFAULT_QUEUE, DEFAULT_BATCH, DEFAULT_WRITERS);
    }

    /**
     * Claims {@code fingerprint} until {@code expiresAt}: completes with {@code true} if this is the first claim of
     * it in the shared store, {@code false} if it was claimed before (a replay), or exceptionally with
     * {@link ClaimUnavailableException} when that could not be decided in time.
     */
    @Override
    public CompletableFuture<Boolean> claim(UUID fingerprint, Instant expiresAt) {
        Pending pending = new Pending(fingerprint, expiresAt, System.nanoTime() + timeoutNanos, new CompletableFuture<>());
        if (closed || !queue.offer(pending)) {
            pending.won().completeExceptionally(new ClaimUnavailableException(
                    closed ? "replay claims are closed" : "too many replay claims waiting", null));
        }
        return pending.won();
    }

    /** Statements sent to the store so far (one per batch). */
    public long statements() {
        return statements.get();
    }

    private void write(int slot) {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                Pending first = queue.poll(REAP_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                send(slot, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("replay claim batch failed unexpectedly", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void send(int slot, List<Pending> batch) {
        long now = System.nanoTime();
        Map<UUID, Pending> distinct = new HashMap<>(batch.size() * 2);
        List<Pending> sent = new ArrayList<>(batch.size());
        List<Claim> claims = new ArrayList<>(batch.size());
        long deadline = Long.MAX_VALUE;
        for (Pending pending : batch) {
            if (pending.won().isDone()) {
                continue;
            }
            if (now - pending.deadline() >= 0) {
                pending.won().completeExceptionally(new ClaimUnavailableException("replay claim timed out", null));
            } else if (distinct.putIfAbsent(pending.fingerprint(), pending) != null) {
                // the same request twice in one batch: at most the first can win
                pending.won().complete(false);
            } else {
                sent.add(pending);
                claims.add(new Claim(pending.fingerprint(), pending.expiresAt()));
                deadline = Math.min(deadline, pending.deadline());
            }
        }
        if (claims.isEmpty()) {
            return;
        }
        inFlight.set(slot, new InFlight(sent, deadline));
        try {
            statements.incrementAndGet();
            Set<UUID> won = store.claim(claims);
            for (Pending pending : sent) {
                pending.won().complete(won.contains(pending.fingerprint()));
            }
            if (failing) {
                failing = false;
                log.info("replay claims are decided again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("replay claims could not be decided; connections are refused until they are: {}", e.toString());
            }
            ClaimUnavailableException unavailable = new ClaimUnavailableException("replay claims could not be decided", e);
            for (Pending pending : sent) {
                pending.won().completeExceptionally(unavailable);
            }
        } finally {
            inFlight.set(slot, null);
        }
    }

    /** Fails, as timed out, the claims of a statement running past its oldest claim's deadline and those queued past theirs. */
    private void reap() {
        long now = System.nanoTime();
        for (int i = 0; i < inFlight.length(); i++) {
            InFlight running = inFlight.get(i);
            if (running != null && now - running.deadline() >= 0) {
                for (Pending pending : running.claims()) {
                    if (now - pending.deadline() >= 0) {
                        pending.won().completeExceptionally(new ClaimUnavailableException("replay claim timed out", null));
                    }
                }
            }
        }
        for (Pending head; (head = queue.peek()) != null && now - head.deadline() >= 0; ) {
            if (queue.remove(head)) {
                head.won().completeExceptionally(new ClaimUnavailableException("replay claim timed out", null));
            }
        }
    }

    /** Stops the writers; claims still waiting are refused. */
    @Override
    public void close() {
        closed = true;
        reaper.shutdownNow();
        for (Thread writer : writers) {
            writer.interrupt();
        }
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Pending pending; (pending = queue.poll()) != null; ) {
            pending.won().completeExceptionally(new ClaimUnavailableException("replay claims are closed", null));
        }
    }
}
