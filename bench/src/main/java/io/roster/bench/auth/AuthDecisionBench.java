package io.roster.bench.auth;

import io.roster.bench.load.Http1Request;
import io.roster.bench.load.LoadRun;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connection-authentication decisions per second, against a trivial endpoint of the same server in the same run.
 *
 * <p>Compares {@code POST /api/v1/auth/connect} with valid static-device signatures (a distinct, freshly timestamped
 * request each time, so the replay guard admits each) with {@code GET /api/v1/ping} of the same port — a constant
 * answer, no database, open without a token — sent once without a token and once with the gateway token, which on the
 * API port makes the server validate the JWT just as it does for every authentication call (the decision port reads
 * no token for a ping). By default both go to device-command's decision port; {@code --decisions} with the API
 * port's URL measures Spring MVC's path instead. Closed loop gives the
 * maximum throughput; open loop at a fixed rate gives latency from each request's due time (HdrHistogram, no
 * coordinated omission), and shows how many requests were still queued or unanswered when it ended.
 *
 * <p>The load generator ({@link LoadRun}) is one thread driving every connection through a selector, so that the CPU
 * it takes from the server it shares the machine with stays small.
 *
 * <p>The replay guard remembers every accepted signature for the 5 minutes its timestamp stays valid, at most
 * {@code ROSTER_REPLAY_GUARD_CAPACITY} at once (2,000,000 by default; docs/authentication.md §7). One run admits at
 * most {@code devices + max-closed-requests + rate x (open-warmup + open-duration)} connections; keep that below the
 * capacity, or leave 5 minutes between runs. device-command admits at most {@code ROSTER_DEVICE_CONNECT_CAP}
 * connections of one device per 5 minutes (100 by default): start it with that raised above
 * {@code connections / devices} of a run, e.g. 1000000.
 */
public final class AuthDecisionBench {

    static final String USAGE = """
            usage: java -cp bench/target/roster-bench.jar io.roster.bench.auth.AuthDecisionBench [options]
              --command URL               device-command base URL, for the fleet's set-up (default http://localhost:8081)
              --decisions URL[,URL...]    where the measured calls go: device-command's decision port (default
                                          http://localhost:8085), or its API port (the --command URL); several
                                          URLs (instances) share the connections round robin
              --token-dir DIR             directory with operator.jwt and gateway.jwt (<data-dir>/tokens of devstack)
              --operator-token-file F     the operator token (instead of --token-dir)
              --gateway-token-file F      the gateway token (instead of --token-dir)
              --devices N                 static devices to authenticate, round robin (default 100)
              --connections N             keep-alive connections for the closed loop (default 8)
              --open-connections N        keep-alive connections for the open loop (default 32)
              --warmup D / --duration D   closed loop warm-up and measurement per endpoint (default 3s / 10s)
              --rate R                    open-loop requests per second (default 5000; 0 skips the open loop)
              --open-warmup D / --open-duration D   open loop warm-up and measurement (default 3s / 20s)
              --max-closed-requests N     distinct connect requests built for the closed loop (default 500000)
              --rounds N                  closed-loop rounds over the three endpoints; the last is compared, the
                                          first warms the server's JIT on every path (default 2)
            durations: 500ms, 10s, 2m
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
    private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final String PING = "/api/v1/ping";
    private static final String CONNECT = "/api/v1/auth/connect";

    private AuthDecisionBench() {
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
        run(options);
    }

    private static void run(Options o) throws Exception {
        List<URI> targets = java.util.Arrays.stream(o.decisionsUrl().split(",")).map(String::strip).map(URI::create).toList();
        List<java.net.InetSocketAddress> addresses = targets.stream()
                .map(t -> new java.net.InetSocketAddress(t.getHost(), t.getPort())).toList();
        URI command = targets.get(0);
        String hostPort = command.getHost() + ":" + command.getPort();
        String runId = UUID.randomUUID().toString().substring(0, 6);
        System.out.printf("machine: %d CPUs (%s), %s memory, JDK %s %s; server and load generator share them%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("java.vendor"),
                System.getProperty("java.runtime.version"));

        BenchFleet fleet = BenchFleet.create(o.commandUrl(), o.operatorToken(), runId, o.devices());
        System.out.printf("product %s with %d static devices added; decisions and pings go to %s%n", fleet.productKey(),
                o.devices(), o.decisionsUrl());
        activate(command, hostPort, o.gatewayToken(), fleet);

        LoadRun closed = new LoadRun(addresses, o.connections());
        byte[] ping = Http1Request.of("GET", hostPort, PING, null, null);
        byte[] pingWithToken = Http1Request.of("GET", hostPort, PING, o.gatewayToken(), null);
        List<LoadRun.Result> results = new ArrayList<>();

        // the first round also warms the server's JIT for all three paths: only the last round is compared
        double[] lastRound = new double[3];
        for (int round = 1; round <= o.rounds(); round++) {
            String suffix = o.rounds() > 1 ? " round " + round : "";
            LoadRun.Result plain = progress(closed.closedLoop("ping, no token (closed" + suffix + ")", i -> ping,
                    Integer.MAX_VALUE, o.warmup().toNanos(), o.duration().toNanos(), AuthDecisionBench::trivial));
            LoadRun.Result withToken = progress(closed.closedLoop("ping + gateway JWT (closed" + suffix + ")",
                    i -> pingWithToken, Integer.MAX_VALUE, o.warmup().toNanos(), o.duration().toNanos(),
                    AuthDecisionBench::trivial));
            IntFunction<byte[]> closedConnects = connects(fleet, hostPort, o.gatewayToken(), o.maxClosedRequests(),
                    System.currentTimeMillis(), 0, "c" + round + runId + "-");
            LoadRun.Result decisions = progress(closed.closedLoop("auth/connect (closed" + suffix + ")", closedConnects,
                    o.maxClosedRequests(), o.warmup().toNanos(), o.duration().toNanos(), AuthDecisionBench::decision));
            results.addAll(List.of(plain, withToken, decisions));
            lastRound = new double[] {plain.perSecond(), withToken.perSecond(), decisions.perSecond()};
        }

        if (o.rate() > 0) {
            LoadRun open = new LoadRun(addresses, o.openConnections());
            collectOwnGarbage();
            results.add(progress(open.openLoop(String.format("ping, no token (open %,d/s)", (long) o.rate()),
                    i -> ping, o.rate(), o.openWarmup().toNanos(), o.openDuration().toNanos(), AuthDecisionBench::trivial)));
            collectOwnGarbage();
            results.add(progress(open.openLoop(String.format("ping + gateway JWT (open %,d/s)", (long) o.rate()),
                    i -> pingWithToken, o.rate(), o.openWarmup().toNanos(), o.openDuration().toNanos(),
                    AuthDecisionBench::trivial)));
            int total = (int) Math.ceil(o.rate() * (o.openWarmup().toNanos() + o.openDuration().toNanos()) / 1e9);
            IntFunction<byte[]> openConnects = connects(fleet, hostPort, o.gatewayToken(), total,
                    System.currentTimeMillis() + 100, 1000.0 / o.rate(), "o" + runId + "-");
            collectOwnGarbage();
            results.add(progress(open.openLoop(String.format("auth/connect (open %,d/s)", (long) o.rate()), openConnects,
                    o.rate(), o.openWarmup().toNanos(), o.openDuration().toNanos(), AuthDecisionBench::decision)));
        }

        System.out.println();
        System.out.println("| run | answered | per second | p50 ms | p99 ms | p99.9 ms | max ms | sent late p99 ms | reconnects | outcomes |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (LoadRun.Result r : results) {
            Histogram h = r.latencyMicros();
            System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %s | %,d | %s%s%s |%n", r.name(), r.answered(),
                    r.perSecond(), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0,
                    r.openLoop() ? String.format(Locale.ROOT, "%.2f", ms(r.lateMicros(), 99)) : "–", r.reconnects(), r.outcomes(),
                    r.openLoop() && r.answered() < r.requests() ? "; " + behind(r) : "",
                    r.errors() > 0 ? "; " + r.errors() + " connection errors, first: " + r.firstError() : "");
        }
        System.out.printf(Locale.ROOT, "%ndecisions/s vs ping without token: %.0f%%; vs ping with the gateway JWT: %.0f%%"
                        + " (closed loop%s)%n", 100 * lastRound[2] / lastRound[0], 100 * lastRound[2] / lastRound[1],
                o.rounds() > 1 ? ", round " + o.rounds() : "");
    }

    /**
     * The first success of a device activates it (a write); do it before measuring the read-only path, one device at
     * a time on one connection.
     */
    private static void activate(URI command, String hostPort, String gatewayToken, BenchFleet fleet) throws IOException {
        List<BenchFleet.Device> devices = fleet.devices();
        long now = System.currentTimeMillis();
        LoadRun.Result result = new LoadRun(command.getHost(), command.getPort(), 1).closedLoop("activation",
                i -> Http1Request.of("POST", hostPort, CONNECT, gatewayToken, fleet.connectJson(devices.get(i), "activate", now)),
                devices.size(), 0, TimeUnit.MINUTES.toNanos(1), response -> {
                    String decision = decision(response);
                    return decision.equals("allow") ? decision : decision + " " + response.body();
                });
        if (!Map.of("allow", (long) devices.size()).equals(result.outcomes())) {
            throw new IllegalStateException("not every device was allowed: " + result.outcomes()
                    + (result.errors() > 0 ? ", " + result.errors() + " connection errors, first: " + result.firstError() : "")
                    + " (the replay guard may still be full from an earlier run: wait 5 minutes)");
        }
        System.out.printf("activated %d devices%n", devices.size());
    }

    /**
     * {@code count} distinct connect requests, round robin over the devices, each with its own client id; request
     * {@code i} carries timestamp {@code firstTimestamp + i * millisPerRequest}, its due time in the open loop.
     */
    private static IntFunction<byte[]> connects(BenchFleet fleet, String hostPort, String gatewayToken, int count,
                                                long firstTimestamp, double millisPerRequest, String clientPrefix) {
        long started = System.nanoTime();
        byte[][] requests = new byte[count][];
        List<BenchFleet.Device> devices = fleet.devices();
        for (int i = 0; i < count; i++) {
            long timestamp = firstTimestamp + (long) (i * millisPerRequest);
            requests[i] = Http1Request.of("POST", hostPort, CONNECT, gatewayToken,
                    fleet.connectJson(devices.get(i % devices.size()), clientPrefix + i, timestamp));
        }
        System.out.printf("built %,d signed connect requests in %d ms%n", count, (System.nanoTime() - started) / 1_000_000);
        return i -> requests[i];
    }

    /**
     * Collects the generator's own garbage before an open loop. The closed loops leave up to a gigabyte of built
     * requests behind, and the generator's collector catching up on it during an open loop made requests late by
     * milliseconds — a tail of the instrument, not of the server (docs/benchmarks.md, "Authentication decisions": decisions' p99
     * 6.5 ms after the closed loops, 2.1 ms from a fresh generator against the same warm server).
     */
    private static void collectOwnGarbage() {
        System.gc();
    }

    static String trivial(LoadRun.Response response) {
        return response.status() == 200 ? "ok" : "http " + response.status();
    }

    /** "allow", "deny:" and the reason, or the status when it is not 200; reads the body only for a 200. */
    static String decision(LoadRun.Response response) {
        if (response.status() != 200) {
            return "http " + response.status();
        }
        String body = response.body();
        if (body.contains("\"result\":\"allow\"")) {
            return "allow";
        }
        Matcher reason = REASON.matcher(body);
        return "deny:" + (reason.find() ? reason.group(1) : "?");
    }

    /**
     * Prints the result and the load average, since other work on the machine skews both sides of the comparison; for
     * an open loop also the offered rate and what was left behind, since a server that cannot keep up answers fewer.
     */
    private static LoadRun.Result progress(LoadRun.Result r) {
        System.out.printf(Locale.ROOT, "%-40s %,10.0f/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  %s%s  (loadavg %s)%n", r.name(),
                r.perSecond(), ms(r.latencyMicros(), 50), ms(r.latencyMicros(), 99), ms(r.latencyMicros(), 99.9), r.outcomes(),
                r.openLoop() ? String.format(Locale.ROOT, "  offered %,.0f/s, sent late p99 %.2f ms, %s", r.offeredPerSecond(),
                        ms(r.lateMicros(), 99), behind(r)) : "",
                loadAverage());
        return r;
    }

    private static String behind(LoadRun.Result r) {
        return String.format(Locale.ROOT, "%,d still queued and %,d unanswered at the end", r.queued(), r.unanswered());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name");
    }

    private static String memory() {
        String kib = procLine("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "");
        return kib.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / 1024.0 / 1024.0);
    }

    private static String procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    record Options(String commandUrl, String decisionsUrl, String operatorToken, String gatewayToken, int devices, int connections,
                   int openConnections, Duration warmup, Duration duration, double rate, Duration openWarmup,
                   Duration openDuration, int maxClosedRequests, int rounds) {

        /** The options, or {@code null} when help was asked for. */
        static Options parse(String... args) throws IOException {
            Map<String, String> values = new java.util.HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("-h") || args[i].equals("--help")) {
                    return null;
                }
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                values.put(args[i], args[++i]);
            }
            List<String> known = List.of("--command", "--decisions", "--token-dir", "--operator-token-file", "--gateway-token-file",
                    "--devices", "--connections", "--open-connections", "--warmup", "--duration", "--rate",
                    "--open-warmup", "--open-duration", "--max-closed-requests", "--rounds");
            for (String name : values.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option " + name);
                }
            }
            String tokenDir = values.get("--token-dir");
            String operatorFile = values.getOrDefault("--operator-token-file", tokenDir == null ? null : tokenDir + "/operator.jwt");
            String gatewayFile = values.getOrDefault("--gateway-token-file", tokenDir == null ? null : tokenDir + "/gateway.jwt");
            if (operatorFile == null || gatewayFile == null) {
                throw new IllegalArgumentException("give --token-dir, or both --operator-token-file and --gateway-token-file");
            }
            return new Options(values.getOrDefault("--command", "http://localhost:8081").replaceAll("/+$", ""),
                    values.getOrDefault("--decisions", "http://localhost:8085").replaceAll("/+$", ""),
                    token(operatorFile), token(gatewayFile),
                    positive("--devices", values.getOrDefault("--devices", "100")),
                    positive("--connections", values.getOrDefault("--connections", "8")),
                    positive("--open-connections", values.getOrDefault("--open-connections", "32")),
                    duration(values.getOrDefault("--warmup", "3s")), duration(values.getOrDefault("--duration", "10s")),
                    Double.parseDouble(values.getOrDefault("--rate", "5000")),
                    duration(values.getOrDefault("--open-warmup", "3s")), duration(values.getOrDefault("--open-duration", "20s")),
                    positive("--max-closed-requests", values.getOrDefault("--max-closed-requests", "500000")),
                    positive("--rounds", values.getOrDefault("--rounds", "2")));
        }

        private static String token(String file) throws IOException {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        }

        private static int positive(String name, String value) {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return n;
        }

        private static Duration duration(String value) {
            Matcher m = DURATION.matcher(value);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a duration: " + value);
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }
}
