package io.roster.bench.auth;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Drives one endpoint over {@code connections} keep-alive connections, one outstanding request per connection.
 * <ul>
 *   <li>Closed loop: every connection sends its next request as soon as the previous answer is in; throughput is the
 *       maximum the server (and this client) sustain, latency is per exchange.</li>
 *   <li>Open loop: request {@code i} is due at {@code start + i / rate} and goes out on the next free connection
 *       (waiting in line, in order, while all are busy). Latency is measured from the due time, not the send time, so
 *       a stall of the server (or of this client) counts against every request that should have gone out during it
 *       (no coordinated omission). The run stops sending at its end; what was still queued or unanswered then is
 *       reported, so a server that cannot keep up shows as such.</li>
 * </ul>
 * Requests come from {@code requests} (index → bytes), built before the run. One thread does all the work
 * ({@link LoadEngine}), because the generator shares the cores with the server and every microsecond of its CPU is
 * taken from the measurement.
 */
final class LoadRun {

    /**
     * What a run measured, warm-up excluded. Latencies in microseconds. {@code requests} are those sent (closed loop)
     * or due (open loop); {@code queued} of them were never sent, and the open loop's {@code offeredPerSecond} is 0 in
     * a closed loop.
     */
    record Result(String name, long requests, long answered, double seconds, Histogram latencyMicros,
                  Map<String, Long> outcomes, long errors, String firstError, long reconnects,
                  double offeredPerSecond, long queued) {

        double perSecond() {
            return seconds > 0 ? answered / seconds : 0;
        }

        boolean openLoop() {
            return offeredPerSecond > 0;
        }

        /** Sent, but no answer by the end of the run (in a closed loop: those in flight when it stopped). */
        long unanswered() {
            return requests - queued - answered;
        }
    }

    /** An answer, as a classifier sees it; valid only during {@link Classifier#classify}. */
    interface Response {

        int status();

        /** The body (its first {@value ResponseParser#BODY_KEPT} bytes), decoded on each call. */
        String body();
    }

    /** Classifies an answer: "ok", or a short label such as "deny:REPLAYED" or "http 401". */
    interface Classifier {
        String classify(Response response);
    }

    private final InetSocketAddress address;
    private final int connections;

    LoadRun(String host, int port, int connections) {
        this.address = new InetSocketAddress(host, port);
        this.connections = connections;
    }

    /** Runs closed loop for {@code warmup} (not recorded) then {@code duration}, or until {@code limit} requests are used. */
    Result closedLoop(String name, IntFunction<byte[]> requests, int limit, long warmupNanos, long durationNanos,
                      Classifier classifier) throws IOException {
        return new LoadEngine(address, connections, requests, limit, 0, classifier).run(name, warmupNanos, durationNanos);
    }

    /** Runs open loop at {@code perSecond} for {@code warmup} (not recorded) then {@code duration}. */
    Result openLoop(String name, IntFunction<byte[]> requests, double perSecond, long warmupNanos, long durationNanos,
                    Classifier classifier) throws IOException {
        int total = (int) ((warmupNanos + durationNanos) / 1e9 * perSecond);
        return new LoadEngine(address, connections, requests, total, 1e9 / perSecond, classifier)
                .run(name, warmupNanos, durationNanos);
    }
}
