package io.roster.bench.auth;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Drives one endpoint over {@code connections} keep-alive connections, one outstanding request per connection.
 * <ul>
 *   <li>Closed loop: every connection sends its next request as soon as the previous answer is in; throughput is the
 *       maximum the server (and this client) sustain, latency is per exchange.</li>
 *   <li>Open loop: request {@code i} is due at {@code start + i / rate}, connection {@code i % connections} sends it.
 *       Latency is measured from the due time, not the send time, so a stall of the server (or of this client)
 *       counts against every request that should have gone out during it (no coordinated omission).</li>
 * </ul>
 * Requests come from {@code requests} (index → bytes), built before the run.
 */
final class LoadRun {

    /** What a run measured. Latencies in microseconds. */
    record Result(String name, long requests, long answered, double seconds, Histogram latencyMicros,
                  Map<String, Long> outcomes, long errors, String firstError, long reconnects) {

        double perSecond() {
            return answered / seconds;
        }
    }

    /** Classifies an answer: "ok", or a short label such as "deny:REPLAYED" or "http 401". */
    interface Classifier {
        String classify(Http1Connection.Response response);
    }

    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

    private final String host;
    private final int port;
    private final int connections;

    LoadRun(String host, int port, int connections) {
        this.host = host;
        this.port = port;
        this.connections = connections;
    }

    /** Runs closed loop for {@code warmup} (not recorded) then {@code duration}, or until {@code limit} requests are used. */
    Result closedLoop(String name, IntFunction<byte[]> requests, int limit, long warmupNanos, long durationNanos,
                      Classifier classifier) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + durationNanos;
        long[] measuredEnd = {end};
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(new Worker(classifier) {
                @Override
                void work(Http1Connection connection) throws IOException {
                    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                        int index = next.getAndIncrement();
                        if (index >= limit) {
                            synchronized (measuredEnd) {
                                measuredEnd[0] = Math.min(measuredEnd[0], now);
                            }
                            return;
                        }
                        exchange(connection, requests.apply(index), now, now >= measureFrom);
                    }
                }
            });
        }
        runAll(workers);
        return result(name, workers, (Math.max(measuredEnd[0], measureFrom) - measureFrom) / 1e9);
    }

    /** Runs open loop at {@code perSecond} for {@code warmup} (not recorded) then {@code duration}. */
    Result openLoop(String name, IntFunction<byte[]> requests, double perSecond, long warmupNanos, long durationNanos,
                    Classifier classifier) throws InterruptedException {
        long total = (long) ((warmupNanos + durationNanos) / 1e9 * perSecond);
        long warmupCount = (long) (warmupNanos / 1e9 * perSecond);
        double intervalNanos = 1e9 / perSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int first = c;
            workers.add(new Worker(classifier) {
                @Override
                void work(Http1Connection connection) throws IOException {
                    for (long i = first; i < total; i += connections) {
                        long due = start + (long) (i * intervalNanos);
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        exchange(connection, requests.apply((int) i), due, i >= warmupCount);
                    }
                }
            });
        }
        runAll(workers);
        long measureFrom = start + (long) (warmupCount * intervalNanos);
        long lastAnswer = workers.stream().mapToLong(w -> w.lastAnswerNanos).max().orElse(measureFrom);
        return result(name, workers, Math.max(lastAnswer - measureFrom, durationNanos) / 1e9);
    }

    private void runAll(List<Worker> workers) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(workers.size());
        List<Thread> threads = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> {
                try (Http1Connection connection = new Http1Connection(host, port)) {
                    try {
                        worker.work(connection);
                    } finally {
                        worker.reconnects = connection.reconnects();
                    }
                } catch (IOException | RuntimeException e) {
                    worker.fail(e);
                } finally {
                    done.countDown();
                }
            }, "load-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        done.await();
    }

    private static Result result(String name, List<Worker> workers, double seconds) {
        Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        Map<String, Long> outcomes = new TreeMap<>();
        long sent = 0;
        long answered = 0;
        long errors = 0;
        long reconnects = 0;
        String firstError = null;
        for (Worker worker : workers) {
            latency.add(worker.latency);
            worker.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            sent += worker.sent;
            answered += worker.answered;
            errors += worker.errors;
            reconnects += worker.reconnects;
            if (firstError == null) {
                firstError = worker.firstError;
            }
        }
        return new Result(name, sent, answered, seconds, latency, outcomes, errors, firstError, reconnects);
    }

    /** One connection's loop and what it saw; only the measured part is counted. */
    private abstract static class Worker {

        private final Classifier classifier;
        final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        final Map<String, Long> outcomes = new TreeMap<>();
        long sent;
        long answered;
        long errors;
        String firstError;
        long lastAnswerNanos;
        long reconnects;

        Worker(Classifier classifier) {
            this.classifier = classifier;
        }

        abstract void work(Http1Connection connection) throws IOException;

        /** @param from when the latency clock starts: the send time (closed loop) or the due time (open loop) */
        void exchange(Http1Connection connection, byte[] request, long from, boolean measured) throws IOException {
            Http1Connection.Response response = connection.exchange(request);
            long answeredAt = System.nanoTime();
            long micros = (answeredAt - from) / 1_000;
            if (!measured) {
                return;
            }
            sent++;
            answered++;
            lastAnswerNanos = answeredAt;
            latency.recordValue(Math.min(micros, HIGHEST_MICROS));
            outcomes.merge(classifier.classify(response), 1L, Long::sum);
        }

        void fail(Exception e) {
            errors++;
            if (firstError == null) {
                firstError = e.toString();
            }
        }
    }
}
