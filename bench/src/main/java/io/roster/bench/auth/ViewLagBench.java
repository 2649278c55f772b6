package io.roster.bench.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a change committed on one device-command instance takes to show in another instance's decisions
 * (docs/benchmarks.md, "View lag across instances").
 *
 * <p>For each of {@code --devices} static devices it makes three changes on the writer instance, one after the
 * other: it adds the device, resets its secret, deletes it. From the moment the writer's answer arrives it asks the
 * reader instance's decision port to connect the device until the answer reflects the change: {@code allow} with the
 * new secret after the add and after the reset, {@code deny DEVICE_DELETED} after the delete. The delay recorded is
 * the send time of the first probe whose answer reflects it (an upper bound; the previous probe, which did not, is
 * the lower bound). The same delays counted from when the change was sent to the writer are shown too: the
 * writer commits before it answers, so the reader may see the change before the writer's answer arrives.
 *
 * <p>Every probe is a distinct request (own client id, current timestamp) from its own {@code peerAddress} in the
 * loopback range, so neither the replay guard nor the per-source failure limit interferes. The per-device limit
 * (30 failures a minute, docs/authentication.md §7) counts every probe refused while the change is not visible, so
 * probes start {@code --probe-interval} apart and then space out to a sixth of the time waited so far: about 29
 * refusals by one second, with a resolution of 5 ms up to 30 ms, 17 ms at 100 ms and 83 ms at 500 ms.
 */
public final class ViewLagBench {

    static final String USAGE = """
            usage: java -cp bench/target/roster-bench.jar io.roster.bench.auth.ViewLagBench [options]
              --writer URL            API of the instance that commits the changes (default http://localhost:8081)
              --reader URL            decision port of the instance that is asked (default http://localhost:8095)
              --token-dir DIR         directory with operator.jwt and gateway.jwt (<data-dir>/tokens of devstack)
              --devices N             devices to add, reset and delete: 3 changes each (default 100)
              --rate R                changes started per second at most (default 3)
              --probe-interval MS     the first probes' spacing (default 5)
              --timeout D             give up on a change after this long (default 30s)
            """;

    /** The changes measured, in the order each device goes through them. */
    enum Change { ADD, RESET, DELETE }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECT = "/api/v1/auth/connect";

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String runId = UUID.randomUUID().toString().substring(0, 6);
    private final Map<Change, Histogram> delays = new EnumMap<>(Change.class);
    private final Histogram all = histogram();
    /** The same delays counted from when the change was requested: they include the writer's own answer time. */
    private final Histogram fromRequest = histogram();
    private int probes;
    private int slowProbes;
    private int lost;

    private ViewLagBench(Options options) {
        this.options = options;
        for (Change change : Change.values()) {
            delays.put(change, histogram());
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        System.exit(new ViewLagBench(options).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        System.out.printf("JDK %s %s; changes on %s, decisions from %s%n", System.getProperty("java.vendor"),
                System.getProperty("java.runtime.version"), options.writer(), options.reader());
        JsonNode product = post(options.writer() + "/api/v1/products",
                "{\"name\":\"view lag " + runId + "\",\"protocol\":\"MQTT\",\"nodeType\":\"DIRECT\"}", 201);
        String productKey = product.path("productKey").asText();
        post(options.writer() + "/api/v1/products/" + productKey + "/activation-codes",
                "{\"count\":" + options.devices() + "}", 200);
        long spacing = (long) (1e9 / options.rate());
        long next = System.nanoTime();
        for (int i = 0; i < options.devices(); i++) {
            String deviceKey = "lag-" + runId + "-" + i;
            String secret = "secret-" + UUID.randomUUID();
            for (Change change : Change.values()) {
                LockSupport.parkNanos(next - System.nanoTime());
                next = Math.max(next + spacing, System.nanoTime());
                long requested = System.nanoTime();
                long committed = switch (change) {
                    case ADD -> {
                        post(options.writer() + "/api/v1/products/" + productKey + "/devices",
                                "{\"deviceKey\":\"" + deviceKey + "\",\"authType\":\"STATIC\",\"deviceSecret\":\"" + secret + "\"}", 201);
                        yield System.nanoTime();
                    }
                    case RESET -> {
                        JsonNode reset = post(options.writer() + "/api/v1/products/" + productKey + "/devices/" + deviceKey
                                + "/secret/reset", "", 200);
                        long at = System.nanoTime();
                        secret = reset.path("deviceSecret").asText();
                        yield at;
                    }
                    case DELETE -> {
                        send(HttpRequest.newBuilder(URI.create(options.writer() + "/api/v1/products/" + productKey
                                + "/devices/" + deviceKey)).DELETE(), options.operatorToken(), 200);
                        yield System.nanoTime();
                    }
                };
                String expected = change == Change.DELETE ? "deny DEVICE_DELETED" : "allow";
                long delay = awaitVisible(productKey, deviceKey, secret, expected, committed);
                if (delay < 0) {
                    lost++;
                    System.out.printf("%s of %s not visible after %s%n", change, deviceKey, options.timeout());
                } else {
                    delays.get(change).recordValue(delay);
                    all.recordValue(delay);
                    fromRequest.recordValue(delay + (committed - requested) / 1000);
                }
            }
            if ((i + 1) % 10 == 0) {
                System.out.printf(Locale.ROOT, "%d devices, %d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", i + 1,
                        all.getTotalCount(), ms(all, 50), ms(all, 99), all.getMaxValue() / 1000.0);
            }
        }
        System.out.println();
        System.out.println("| change | measured | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Change change : Change.values()) {
            row(change.name().toLowerCase(Locale.ROOT), delays.get(change));
        }
        row("all", all);
        row("all, from the write's request", fromRequest);
        System.out.printf("%d probes (%d unanswered within 5 s); %d changes not visible within %s%n", probes, slowProbes,
                lost, options.timeout());
        return lost == 0;
    }

    /**
     * Asks the reader to connect the device until the answer is {@code expected}; returns the send time of that
     * probe in microseconds after {@code committed}, or -1 after the time-out.
     */
    private long awaitVisible(String productKey, String deviceKey, String secret, String expected, long committed)
            throws IOException, InterruptedException {
        long minSpacing = TimeUnit.MILLISECONDS.toNanos(options.probeIntervalMillis());
        long deadline = committed + options.timeout().toNanos();
        while (true) {
            long sent = System.nanoTime();
            if (sent > deadline) {
                return -1;
            }
            String answer = connect(productKey, deviceKey, secret);
            if (answer.equals(expected)) {
                return Math.max(0, (sent - committed) / 1000);
            }
            if (answer.equals("deny RATE_LIMITED")) {
                throw new IllegalStateException("the reader rate-limited " + deviceKey + ": the probes are too dense");
            }
            long waited = System.nanoTime() - committed;
            LockSupport.parkNanos(sent + Math.max(minSpacing, waited / 6) - System.nanoTime());
        }
    }

    /** One distinct connect of the device, signed with {@code secret}: "allow" or "deny REASON". */
    private String connect(String productKey, String deviceKey, String secret) throws IOException, InterruptedException {
        int n = ++probes;
        String clientId = "lag-" + runId + "-" + n;
        long timestamp = System.currentTimeMillis();
        String peer = "127." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
        String body = BenchFleet.connectJson(productKey, deviceKey, secret, clientId, timestamp, peer);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(options.reader() + CONNECT))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + options.gatewayToken())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            // a first success writes the device's activation, which waits for the event store: ask again
            slowProbes++;
            return "no answer within 5 s";
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("connect answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode decision = JSON.readTree(response.body());
        String result = decision.path("result").asText();
        return result.equals("allow") ? result : result + " " + decision.path("reason").asText();
    }

    private JsonNode post(String url, String body, int expected) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), options.operatorToken(), expected);
    }

    private JsonNode send(HttpRequest.Builder request, String token, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static void row(String name, Histogram h) {
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, h.getTotalCount(), ms(h, 50),
                ms(h, 90), ms(h, 99), h.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    }

    record Options(String writer, String reader, String operatorToken, String gatewayToken, int devices, double rate,
                   long probeIntervalMillis, Duration timeout) {

        /** The options, or null when help was asked for. */
        static Options parse(String[] args) throws IOException {
            String writer = "http://localhost:8081";
            String reader = "http://localhost:8095";
            Path tokenDir = null;
            int devices = 100;
            double rate = 3;
            long probeInterval = 5;
            Duration timeout = Duration.ofSeconds(30);
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    return null;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--writer" -> writer = value;
                    case "--reader" -> reader = value;
                    case "--token-dir" -> tokenDir = Path.of(value);
                    case "--devices" -> devices = Integer.parseInt(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--probe-interval" -> probeInterval = Long.parseLong(value);
                    case "--timeout" -> timeout = Duration.ofMillis(millis(value));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (tokenDir == null) {
                throw new IllegalArgumentException("--token-dir is required");
            }
            if (devices < 1 || rate <= 0 || probeInterval < 1) {
                throw new IllegalArgumentException("--devices, --rate and --probe-interval must be positive");
            }
            return new Options(writer, reader, Files.readString(tokenDir.resolve("operator.jwt")).trim(),
                    Files.readString(tokenDir.resolve("gateway.jwt")).trim(), devices, rate, probeInterval, timeout);
        }

        private static long millis(String value) {
            if (value.endsWith("ms")) {
                return Long.parseLong(value.substring(0, value.length() - 2));
            }
            if (value.endsWith("s")) {
                return Long.parseLong(value.substring(0, value.length() - 1)) * 1000;
            }
            throw new IllegalArgumentException("a duration is 500ms or 10s, not " + value);
        }
    }
}
