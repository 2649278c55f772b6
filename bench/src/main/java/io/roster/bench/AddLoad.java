package io.roster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.bench.load.Http1Request;
import io.roster.bench.load.LoadRun;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sending phase: {@code concurrency} keep-alive connections with one add outstanding on each. Add number i goes
 * to product {@code i % products} with device key {@code <runId>-<firstKey + i>} ({@code firstKey} is 0 unless a
 * caller runs several loads under one run id, as the grow benchmark does).
 *
 * <p>Closed loop: a connection sends its next add when the previous one is answered; latency is send to answer.
 * Open loop: add i is due at {@code start + i / rate} and goes out on the next free connection, waiting in line while
 * all are busy; latency is counted from the due time, so time spent queued behind a slow server is part of the
 * latency, as a real client at that rate would see it. An open loop that fell behind drops its backlog at the end
 * rather than run past it.
 *
 * <p>The adds go through {@link LoadRun}'s engine, one thread and one selector for all connections, each add built as
 * bytes when the engine asks for it: the generator shares the cores with the server it measures, and a thread per
 * connection over {@code java.net.http} took a seventh of a 2-core machine at ~380 adds/s. The engine reports every
 * add's end here, on its thread, where it is classified:
 * <ul>
 *   <li>201: acknowledged; recorded in the {@link AckTimeline} and per product (what the read-side probe and the
 *       Kafka check compare against) and, once the warm-up is over, in the latency;</li>
 *   <li>409 {@code QUOTA_EXHAUSTED}: refused;</li>
 *   <li>anything else is an error; when the add may still have been applied (no answer, or a 5xx) it is also
 *       uncertain, which those checks allow for. A connection that cannot be opened counts as an error too.</li>
 * </ul>
 * A run stops sending at its count or duration, at the time limit, or when nothing has been answered for the stall
 * time-out; then it waits for the adds in flight, each for up to the request time-out.
 */
final class AddLoad implements LoadRun.Listener {

    private static final int MAX_ERROR_EXAMPLES = 5;
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /** What the sending phase did. Times are {@link System#nanoTime()} values. */
    record Outcome(Histogram latencyMicros, long sent, long added, long refused, long errors, long uncertain,
                   Set<String> acknowledged, Set<String> uncertainAdds, long[] addedPerProduct, long[] uncertainPerProduct,
                   long startNanos, long measureFromNanos, long finishedNanos, long measured, long lastAckNanos,
                   long[] perSecond, boolean stalled, List<String> errorExamples) {
    }

    private final BenchOptions options;
    private final List<String> products;
    private final AckTimeline timeline;
    private final Consumer<String> progress;
    private final String host;
    private final int port;
    /** The Host header: the command URL's host, and its port when it names one. */
    private final String hostPort;
    private final String productsPath;
    private final long firstKey;
    private final ObjectMapper mapper = new ObjectMapper();

    private final Histogram latency = new Histogram(3);
    private final Set<String> acknowledged = new HashSet<>();
    private final Set<String> uncertain = new HashSet<>();
    private final List<String> errorExamples = new ArrayList<>();
    private final long[] addedPerProduct;
    private final long[] uncertainPerProduct;
    private final long[] perSecond;
    private long sent;
    private long refused;
    private long errors;
    private long measured;
    private long lastAck;
    private long start;
    private long measureFrom;
    private long nextReport;

    AddLoad(BenchOptions options, List<String> products, AckTimeline timeline, Consumer<String> progress) {
        this(options, products, timeline, progress, 0);
    }

    /** Numbers the device keys from {@code firstKey}: {@code <runId>-<firstKey>} is the first add's. */
    AddLoad(BenchOptions options, List<String> products, AckTimeline timeline, Consumer<String> progress, long firstKey) {
        this.firstKey = firstKey;
        this.options = options;
        this.products = List.copyOf(products);
        this.timeline = timeline;
        this.progress = progress;
        URI command = URI.create(options.commandUrl());
        this.host = command.getHost();
        this.port = command.getPort() < 0 ? 80 : command.getPort();
        this.hostPort = command.getPort() < 0 ? host : host + ":" + port;
        this.productsPath = command.getRawPath() + "/api/v1/products/";
        this.addedPerProduct = new long[products.size()];
        this.uncertainPerProduct = new long[products.size()];
        long seconds = (options.countBound() ? options.timeLimit() : options.duration()).toSeconds() + 2;
        this.perSecond = new long[(int) Math.min(seconds + options.requestTimeout().toSeconds(), 1 << 20)];
    }

    /** Sends the adds and returns when every one has been answered, has failed or has timed out. */
    Outcome run() {
        start = System.nanoTime();
        measureFrom = start + options.warmup().toNanos();
        nextReport = start + PROGRESS_EVERY_NANOS;
        Duration sending = options.countBound() || options.timeLimit().compareTo(options.duration()) < 0
                ? options.timeLimit() : options.duration();
        int limit = options.countBound() ? (int) options.count()
                : options.openLoop() ? (int) Math.min(Integer.MAX_VALUE, Math.ceil(options.duration().toNanos() * options.rate() / 1e9))
                : Integer.MAX_VALUE;
        // drain without a bound of its own: the request time-out ends every add in flight
        LoadRun.Waits waits = new LoadRun.Waits(Long.MAX_VALUE, options.requestTimeout().toNanos(),
                options.stallTimeout().toNanos());
        LoadRun.Result result;
        try {
            result = new LoadRun(host, port, options.concurrency())
                    .followed("adds", this::request, limit, options.rate(), sending.toNanos(), waits, this);
        } catch (IOException e) {
            throw new UncheckedIOException("the add load could not run: " + e, e);
        }
        if (result.stalled()) {
            example("stalled: nothing answered for " + options.stallTimeout().toSeconds() + " s; stopping");
        }
        long end = options.countBound() ? Long.MAX_VALUE : start + options.duration().toNanos();
        long finished = Math.max(lastAck, Math.min(System.nanoTime(), end));
        long totalAdded = 0;
        for (long n : addedPerProduct) {
            totalAdded += n;
        }
        return new Outcome(latency, sent, totalAdded, refused, errors, uncertain.size(), Set.copyOf(acknowledged),
                Set.copyOf(uncertain), addedPerProduct, uncertainPerProduct, start, measureFrom, finished, measured, lastAck,
                perSecond, result.stalled(), List.copyOf(errorExamples));
    }

    /** Add number {@code index}, as the bytes of its request. */
    private byte[] request(int index) {
        sent++;
        String body = "{\"deviceKey\":\"" + deviceKey(index) + "\",\"authType\":\"" + options.authType() + "\"}";
        return Http1Request.of("POST", hostPort, productsPath + products.get(index % products.size()) + "/devices",
                options.token(), body);
    }

    @Override
    public void answered(int index, long dueNanos, long nowNanos, LoadRun.Response response) {
        int product = index % products.size();
        int status = response.status();
        if (status == 201) {
            timeline.ack(nowNanos);
            acknowledged.add(device(index));
            addedPerProduct[product]++;
            lastAck = nowNanos;
            int second = (int) ((nowNanos - start) / 1_000_000_000L);
            if (second < perSecond.length) {
                perSecond[second]++;
            }
            if (nowNanos >= measureFrom) {
                measured++;
                latency.recordValue(Math.max(1, (nowNanos - dueNanos) / 1_000));
            }
        } else {
            String error = errorCode(response.body());
            if (status == 409 && "QUOTA_EXHAUSTED".equals(error)) {
                refused++;
            } else {
                errors++;
                if (status >= 500) {
                    uncertain(index);
                }
                example(device(index) + ": HTTP " + status + " " + error);
            }
        }
        report(nowNanos);
    }

    @Override
    public void unanswered(int index, IOException cause) {
        errors++;
        uncertain(index);
        example(device(index) + ": " + cause);
        report(System.nanoTime());
    }

    @Override
    public void connectFailed(IOException cause) {
        errors++;
        example("connection to " + hostPort + ": " + cause);
    }

    private String deviceKey(int index) {
        return options.runId() + "-" + (firstKey + index);
    }

    private String device(int index) {
        return DeliveryCheck.deviceId(products.get(index % products.size()), deviceKey(index));
    }

    private void uncertain(int index) {
        uncertain.add(device(index));
        uncertainPerProduct[index % products.size()]++;
    }

    /** The {@code error} code of an error answer, or {@code null} when it has none. */
    private String errorCode(String body) {
        try {
            return mapper.readTree(body).path("error").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Prints progress every ten seconds, as adds end. */
    private void report(long now) {
        if (now < nextReport) {
            return;
        }
        while (nextReport <= now) {
            nextReport += PROGRESS_EVERY_NANOS;
        }
        progress.accept(String.format(Locale.ROOT, "%4d s: %,d added, %,d refused, %,d errors",
                (now - start) / 1_000_000_000L, timeline.acked(), refused, errors));
    }

    private void example(String what) {
        if (errorExamples.size() < MAX_ERROR_EXAMPLES) {
            errorExamples.add(what);
        }
    }
}
