package io.roster.bench.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Requests come from {@code requests} (index → bytes), built before the run or when asked for. One thread does all
 * the work ({@link LoadEngine}), because the generator shares the cores with the server and every microsecond of its
 * CPU is taken from the measurement.
 *
 * <p>The authentication benchmark counts answers by outcome ({@link #closedLoop}, {@link #openLoop}); the add-device
 * benchmark must know which requests were answered and how, so it follows each one to its end ({@link #followed}).
 */
public final class LoadRun {

    /** How long an open loop waits, after the last due time, for the answers still on their way. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Listener UNFOLLOWED = new Listener() {
        @Override
        public void answered(int index, long dueNanos, long nowNanos, Response response) {
        }

        @Override
        public void unanswered(int index, IOException cause) {
        }

        @Override
        public void connectFailed(IOException cause) {
        }
    };

    /**
     * What a run measured, warm-up excluded. Latencies in microseconds. {@code requests} are those sent (closed loop)
     * or due (open loop); {@code queued} of them were never sent, and the open loop's {@code offeredPerSecond} is 0 in
     * a closed loop. {@code lateMicros} (open loop; empty in a closed loop): how late each request went out after its
     * due time, i.e. how much of its latency it spent waiting for a free connection or for this client's thread.
     * {@code stalled}: the run stopped sending early because no request ended for the stall time-out.
     */
    public record Result(String name, long requests, long answered, double seconds, Histogram latencyMicros,
                         Histogram lateMicros,
                         Map<String, Long> outcomes, long errors, String firstError, long reconnects,
                         double offeredPerSecond, long queued, boolean stalled) {

        public double perSecond() {
            return seconds > 0 ? answered / seconds : 0;
        }

        public boolean openLoop() {
            return offeredPerSecond > 0;
        }

        /** Sent, but no answer by the end of the run (in a closed loop: those in flight when it stopped). */
        public long unanswered() {
            return requests - queued - answered;
        }
    }

    /** An answer, as a classifier sees it; valid only during {@link Classifier#classify}. */
    public interface Response {

        int status();

        /** The body (its first {@value ResponseParser#BODY_KEPT} bytes), decoded on each call. */
        String body();
    }

    /** Classifies an answer: "ok", or a short label such as "deny:REPLAYED" or "http 401". */
    public interface Classifier {
        String classify(Response response);
    }

    /**
     * Follows every request of a run to its end, on the engine's thread: each request handed out is reported exactly
     * once, answered or unanswered, so that a caller can tell which of them the server may have acted on.
     */
    public interface Listener {

        /**
         * Request {@code index}, due at {@code dueNanos} (in a closed loop: sent then), was answered at
         * {@code nowNanos}; {@code response} is valid only during the call.
         */
        void answered(int index, long dueNanos, long nowNanos, Response response);

        /** Request {@code index} got no answer: its connection failed, it timed out, or the run stopped first. */
        void unanswered(int index, IOException cause);

        /** A connection could not be opened and is given up; the run goes on with the others. */
        void connectFailed(IOException cause);
    }

    /**
     * How long a run waits beyond its schedule.
     *
     * @param drainNanos          how long, once it stops sending, it waits for the answers in flight: 0 for not at all,
     *                            {@link Long#MAX_VALUE} for every one (which the request time-out then bounds)
     * @param requestTimeoutNanos how long a request may go unanswered before it fails and its connection is reopened,
     *                            or 0 for as long as the run lasts
     * @param stallNanos          stop sending when requests are in flight but none has ended for this long, or 0 for
     *                            never
     */
    public record Waits(long drainNanos, long requestTimeoutNanos, long stallNanos) {
    }

    private final java.util.List<InetSocketAddress> address;
    private final int connections;

    public LoadRun(String host, int port, int connections) {
        this(java.util.List.of(new InetSocketAddress(host, port)), connections);
    }

    /** Connections spread round robin over several servers (several instances of one service). */
    public LoadRun(java.util.List<InetSocketAddress> addresses, int connections) {
        this.address = java.util.List.copyOf(addresses);
        this.connections = connections;
    }

    /** Runs closed loop for {@code warmup} (not recorded) then {@code duration}, or until {@code limit} requests are used. */
    public Result closedLoop(String name, IntFunction<byte[]> requests, int limit, long warmupNanos, long durationNanos,
                             Classifier classifier) throws IOException {
        return new LoadEngine(address, connections, requests, limit, 0, new Waits(0, 0, 0), classifier, UNFOLLOWED)
                .run(name, warmupNanos, durationNanos);
    }

    /** Runs open loop at {@code perSecond} for {@code warmup} (not recorded) then {@code duration}. */
    public Result openLoop(String name, IntFunction<byte[]> requests, double perSecond, long warmupNanos, long durationNanos,
                           Classifier classifier) throws IOException {
        int total = (int) ((warmupNanos + durationNanos) / 1e9 * perSecond);
        return new LoadEngine(address, connections, requests, total, 1e9 / perSecond, new Waits(DRAIN_NANOS, 0, 0),
                classifier, UNFOLLOWED).run(name, warmupNanos, durationNanos);
    }

    /**
     * Sends requests {@code 0} to {@code limit - 1} for at most {@code durationNanos}, closed loop when
     * {@code perSecond} is 0 and open loop at {@code perSecond} otherwise, and reports each one's end to
     * {@code listener}. Nothing is left out as warm-up, and answers are not counted by outcome: the listener sees them.
     */
    public Result followed(String name, IntFunction<byte[]> requests, int limit, double perSecond, long durationNanos,
                           Waits waits, Listener listener) throws IOException {
        return new LoadEngine(address, connections, requests, limit, perSecond > 0 ? 1e9 / perSecond : 0, waits, null,
                listener).run(name, 0, durationNanos);
    }
}
