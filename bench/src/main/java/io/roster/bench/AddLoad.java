package io.roster.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The sending phase: {@code concurrency} workers, each sending one add at a time over the shared keep-alive
 * client. Add number i goes to product {@code i % products} with device key {@code <runId>-<i>}.
 *
 * <p>Closed loop: a worker sends its next add when the previous one is answered; latency is send to answer.
 * Open loop: add i is due at {@code start + i / rate}; a worker waits for that instant (or sends at once when
 * it is late) and latency is counted from the due time, so time spent queued behind a slow server is part of
 * the latency, as a real client at that rate would see it.
 */
final class AddLoad {

    private static final int MAX_ERROR_EXAMPLES = 5;
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /** What the sending phase did. Times are {@link System#nanoTime()} values. */
    record Outcome(Histogram latencyMicros, long sent, long added, long refused, long errors, long uncertain,
                   Set<String> acknowledged, Set<String> uncertainAdds, long[] addedPerProduct, long[] uncertainPerProduct,
                   long startNanos, long measureFromNanos, long finishedNanos, long measured, long lastAckNanos,
                   long[] perSecond, boolean stalled, List<String> errorExamples) {
    }

    private final BenchOptions options;
    private final RosterHttp http;
    private final List<String> products;
    private final AckTimeline timeline;
    private final java.util.function.Consumer<String> progress;

    private final AtomicLong next = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong measured = new AtomicLong();
    private final AtomicLong lastAck = new AtomicLong();
    private final AtomicLong lastAnswer = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    private final List<String> errorExamples = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentHistogram latency = new ConcurrentHistogram(3);
    private final AtomicLongArray addedPerProduct;
    private final AtomicLongArray uncertainPerProduct;
    private final AtomicLongArray perSecond;

    private long start;
    private long measureFrom;
    private long end;
    private long hardEnd;

    AddLoad(BenchOptions options, RosterHttp http, List<String> products, AckTimeline timeline,
            java.util.function.Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
        this.http = http;
        this.products = List.copyOf(products);
        this.timeline = timeline;
        this.addedPerProduct = new AtomicLongArray(products.size());
        this.uncertainPerProduct = new AtomicLongArray(products.size());
        long seconds = (options.countBound() ? options.timeLimit() : options.duration()).toSeconds() + 2;
        this.perSecond = new AtomicLongArray((int) Math.min(seconds + options.requestTimeout().toSeconds(), 1 << 20));
    }

    /** Sends the adds and returns when every worker has stopped, or the stall time-out struck. */
    Outcome run() {
        start = System.nanoTime();
        measureFrom = start + options.warmup().toNanos();
        end = options.countBound() ? Long.MAX_VALUE : start + options.duration().toNanos();
        hardEnd = start + options.timeLimit().toNanos();
        lastAnswer.set(start);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < options.concurrency(); w++) {
            Thread worker = new Thread(this::work, "bench-worker-" + w);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        boolean stalled = false;
        long stallNanos = options.stallTimeout().toNanos();
        long nextReport = start + PROGRESS_EVERY_NANOS;
        while (workers.stream().anyMatch(Thread::isAlive)) {
            joinQuietly(workers, 200);
            if (System.nanoTime() >= nextReport) {
                nextReport += PROGRESS_EVERY_NANOS;
                progress.accept(String.format(java.util.Locale.ROOT, "%4d s: %,d added, %,d refused, %,d errors",
                        (System.nanoTime() - start) / 1_000_000_000L, timeline.acked(), refused.get(), errors.get()));
            }
            if (!stop.get() && System.nanoTime() - lastAnswer.get() > stallNanos) {
                stalled = true;
                stop.set(true);
                example("stalled: nothing answered for " + options.stallTimeout().toSeconds() + " s; stopping");
                // give the requests in flight their time-out, then leave them behind
                long giveUp = System.nanoTime() + options.requestTimeout().toNanos() + 5_000_000_000L;
                while (workers.stream().anyMatch(Thread::isAlive) && System.nanoTime() < giveUp) {
                    joinQuietly(workers, 200);
                }
                break;
            }
        }
        long finished = Math.max(lastAck.get(), Math.min(System.nanoTime(), end));
        long[] added = toArray(addedPerProduct);
        long totalAdded = 0;
        for (long n : added) {
            totalAdded += n;
        }
        return new Outcome(latency.copy(), sent.get(), totalAdded, refused.get(), errors.get(), uncertain.size(),
                Set.copyOf(acknowledged), Set.copyOf(uncertain), added, toArray(uncertainPerProduct), start,
                measureFrom, finished, measured.get(), lastAck.get(), toArray(perSecond), stalled,
                List.copyOf(errorExamples));
    }

    private void work() {
        boolean openLoop = options.openLoop();
        double nanosPerAdd = openLoop ? 1e9 / options.rate() : 0;
        while (!stop.get()) {
            long i = next.getAndIncrement();
            if (options.countBound() && i >= options.count()) {
                return;
            }
            long now = System.nanoTime();
            long due = openLoop ? start + (long) (i * nanosPerAdd) : now;
            // an open loop that fell behind drops its backlog at the end rather than run past it
            if (due >= end || now >= end || now >= hardEnd) {
                return;
            }
            if (openLoop && !awaitDue(due)) {
                return;
            }
            int product = (int) (i % products.size());
            String productKey = products.get(product);
            String deviceKey = options.runId() + "-" + i;
            String device = DeliveryCheck.deviceId(productKey, deviceKey);
            long sentAt = System.nanoTime();
            sent.incrementAndGet();
            RosterHttp.AddResult result;
            try {
                result = http.addDevice(options.commandUrl(), productKey, deviceKey, options.authType());
            } catch (IOException e) {
                lastAnswer.set(System.nanoTime());
                errors.incrementAndGet();
                uncertain.add(device);
                uncertainPerProduct.incrementAndGet(product);
                example(device + ": " + e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long answered = System.nanoTime();
            lastAnswer.set(answered);
            if (result.added()) {
                timeline.ack(answered);
                acknowledged.add(device);
                addedPerProduct.incrementAndGet(product);
                lastAck.accumulateAndGet(answered, Math::max);
                int second = (int) ((answered - start) / 1_000_000_000L);
                if (second < perSecond.length()) {
                    perSecond.incrementAndGet(second);
                }
                if (answered >= measureFrom) {
                    measured.incrementAndGet();
                    latency.recordValue(Math.max(1, (answered - (openLoop ? due : sentAt)) / 1_000));
                }
            } else if (result.quotaExhausted()) {
                refused.incrementAndGet();
            } else {
                errors.incrementAndGet();
                if (result.status() >= 500) {
                    uncertain.add(device);
                    uncertainPerProduct.incrementAndGet(product);
                }
                example(device + ": HTTP " + result.status() + " " + result.error());
            }
        }
    }

    private boolean awaitDue(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (stop.get()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
        }
        return true;
    }

    private void example(String what) {
        if (errorExamples.size() < MAX_ERROR_EXAMPLES) {
            errorExamples.add(what);
        }
    }

    private static void joinQuietly(List<Thread> workers, long millis) {
        for (Thread worker : workers) {
            if (worker.isAlive()) {
                try {
                    worker.join(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                return;
            }
        }
    }

    private static long[] toArray(AtomicLongArray array) {
        long[] copy = new long[array.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = array.get(i);
        }
        return copy;
    }
}
