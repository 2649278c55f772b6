package io.roster.bench.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a new device-command instance takes from its process start to its first correct decision, and how much
 * heap it holds once it serves (docs/benchmarks.md, "Cold start").
 *
 * <p>It first adds a static device with a known secret through a running instance ({@code --writer}), so that the
 * device is the last one of the store; then it starts device-command ({@code --jar}) as a new process with the
 * environment of a running instance ({@code --env-from-pid}, read from {@code /proc}) on ports of its own, and asks
 * the new instance's decision port every 20 ms to connect that device. Time to ready is from just before the process
 * is started to the first {@code allow}. Then {@code jcmd GC.class_histogram} (a full collection, live objects only)
 * gives the heap held, and the largest classes.
 *
 * <p>With {@code --database NAME} the instance runs against an empty database of the same server instead (created
 * when missing), and ready means its decision port answers a ping: the baseline whose heap is subtracted to give
 * the heap per device.
 */
public final class ColdStartBench {

    static final String USAGE = """
            usage: java -cp bench/target/roster-bench.jar io.roster.bench.auth.ColdStartBench [options]
              --jar FILE              device-command's runnable jar (default device-command/target/device-command-exec.jar)
              --java FILE             the java launcher for the instance (default: this JVM's)
              --jvm-options "..."     the instance's JVM options (default "-Xmx1g -XX:+UseParallelGC", as devstack)
              --env-from-pid PID      a running device-command whose environment the instance takes (required)
              --port N / --decision-port N   the instance's own ports (default 8093 / 8097)
              --writer URL            the running instance that adds the probe device (default http://localhost:8081)
              --token-dir DIR         directory with operator.jwt and gateway.jwt (<data-dir>/tokens of devstack)
              --database NAME         run against this empty database instead (the heap baseline)
              --timeout D             give up after this long (default 300s)
              --log FILE              the instance's output (default target/cold-start.log)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BUILT = Pattern.compile("credential view (.*) in (\\d+) ms");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.print(USAGE);
            return;
        }
        new ColdStartBench().run(o);
    }

    private void run(Map<String, String> o) throws Exception {
        Path tokenDir = Path.of(required(o, "--token-dir"));
        String operator = Files.readString(tokenDir.resolve("operator.jwt")).trim();
        String gateway = Files.readString(tokenDir.resolve("gateway.jwt")).trim();
        Map<String, String> env = environment(Long.parseLong(required(o, "--env-from-pid")));
        // its own name in the processors' token claims (the JVM's pid@host), never the running instance's
        env.remove("ROSTER_NODE_ID");
        env.put("SERVER_PORT", o.getOrDefault("--port", "8093"));
        env.put("ROSTER_DECISION_PORT", o.getOrDefault("--decision-port", "8097"));
        String database = o.get("--database");
        if (database != null) {
            env.put("ROSTER_JDBC_URL", createDatabase(env, database));
        }
        String decisions = "http://localhost:" + env.get("ROSTER_DECISION_PORT");

        Probe probe = null;
        if (database == null) {
            probe = addProbeDevice(o.getOrDefault("--writer", "http://localhost:8081"), operator);
            System.out.printf("probe device %s/%s added through %s%n", probe.productKey(), probe.deviceKey(),
                    o.getOrDefault("--writer", "http://localhost:8081"));
        }

        String java = o.getOrDefault("--java", ProcessHandle.current().info().command().orElse("java"));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(o.getOrDefault("--jvm-options", "-Xmx1g -XX:+UseParallelGC").trim().split("\\s+")));
        command.addAll(List.of("-jar", o.getOrDefault("--jar", "device-command/target/device-command-exec.jar")));
        Path log = Path.of(o.getOrDefault("--log", "target/cold-start.log")).toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(
                o.getOrDefault("--timeout", "300s").replace("s", "")));

        long started = System.nanoTime();
        Process process = builder.start();
        try {
            long firstAnswer = -1;
            String last = "no answer";
            int attempt = 0;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the instance exited with " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no correct decision in time; last answer: " + last + "; see " + log);
                }
                String answer = probe == null ? ping(decisions) : connect(decisions, gateway, probe, ++attempt);
                if (answer != null && firstAnswer < 0) {
                    firstAnswer = System.nanoTime();
                }
                if (answer != null) {
                    last = answer;
                }
                if ("allow".equals(answer)) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            long ready = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s %s, JVM options %s%n", java, version(java), command.subList(1, command.size() - 2));
            System.out.printf(Locale.ROOT, "first answer of the decision port %.2f s after the process started%n",
                    (firstAnswer - started) / 1e9);
            System.out.printf(Locale.ROOT, "%s %.2f s after the process started%n",
                    probe == null ? "decision port up" : "first correct allow of the probe device", (ready - started) / 1e9);
            Matcher built = BUILT.matcher(Files.readString(log));
            while (built.find()) {
                System.out.println("instance log: credential view " + built.group(1) + " in " + built.group(2) + " ms");
            }
            String histogram = jcmd(java, process.pid(), "GC.class_histogram");
            Matcher total = TOTAL.matcher(histogram);
            if (total.find()) {
                System.out.printf(Locale.ROOT, "live heap after a full collection: %,d bytes in %,d objects%n",
                        Long.parseLong(total.group(2)), Long.parseLong(total.group(1)));
            }
            histogram.lines().skip(2).limit(15).forEach(line -> System.out.println("  " + line.strip()));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A static device with a known secret. */
    private record Probe(String productKey, String deviceKey, String secret) {
    }

    private Probe addProbeDevice(String writer, String operator) throws IOException, InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String productKey = BenchFleet.post(http, writer + "/api/v1/products", operator,
                "{\"name\":\"cold start " + run + "\",\"protocol\":\"MQTT\",\"nodeType\":\"DIRECT\"}", 201)
                .path("productKey").asText();
        BenchFleet.post(http, writer + "/api/v1/products/" + productKey + "/activation-codes", operator, "{\"count\":1}", 200);
        String deviceKey = "cold-" + run;
        String secret = "secret-" + UUID.randomUUID();
        BenchFleet.post(http, writer + "/api/v1/products/" + productKey + "/devices", operator,
                "{\"deviceKey\":\"" + deviceKey + "\",\"authType\":\"STATIC\",\"deviceSecret\":\"" + secret + "\"}", 201);
        return new Probe(productKey, deviceKey, secret);
    }

    /** "allow", "deny REASON", or null while the port does not answer. */
    private String connect(String decisions, String gateway, Probe probe, int attempt) throws InterruptedException {
        String clientId = "cold-" + attempt;
        long timestamp = System.currentTimeMillis();
        String peer = "127.1." + ((attempt >> 8) & 0xff) + "." + (attempt & 0xff);
        String body = BenchFleet.connectJson(probe.productKey(), probe.deviceKey(), probe.secret(), clientId, timestamp, peer);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(decisions + "/api/v1/auth/connect"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + gateway)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode();
            }
            JsonNode decision = JSON.readTree(response.body());
            String result = decision.path("result").asText();
            return result.equals("allow") ? result : result + " " + decision.path("reason").asText();
        } catch (IOException e) {
            return null;
        }
    }

    private String ping(String decisions) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(decisions + "/api/v1/ping"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? "allow" : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return null;
        }
    }

    /** The service's own variables of a running instance: what points it at the stack. */
    private static Map<String, String> environment(long pid) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0")) {
            int eq = entry.indexOf('=');
            String name = eq > 0 ? entry.substring(0, eq) : "";
            if (name.startsWith("ROSTER_") || name.startsWith("KAFKA_") || name.startsWith("MONGODB_")
                    || name.startsWith("AXONIQ_") || name.equals("SERVER_PORT")) {
                env.put(name, entry.substring(eq + 1));
            }
        }
        if (!env.containsKey("ROSTER_JDBC_URL")) {
            throw new IllegalArgumentException("process " + pid + " has no ROSTER_JDBC_URL: not a device-command on PostgreSQL");
        }
        return env;
    }

    /** Creates the database on the instance's server when missing; returns its JDBC URL. */
    private static String createDatabase(Map<String, String> env, String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("--database must be a lower-case identifier");
        }
        String url = env.get("ROSTER_JDBC_URL");
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        try (Connection connection = DriverManager.getConnection(url, env.get("ROSTER_JDBC_USER"), env.get("ROSTER_JDBC_PASSWORD"))) {
            boolean exists;
            try (var query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, name);
                exists = query.executeQuery().next();
            }
            if (!exists) {
                try (var create = connection.createStatement()) {
                    create.execute("create database " + name);
                }
            }
        }
        return base + name;
    }

    private static String jcmd(String java, long pid, String what) throws IOException, InterruptedException {
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), what).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private static String version(String java) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.lines().skip(1).findFirst().orElse("").strip();
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /** Options by name, or null when help was asked for. */
    private static Map<String, String> parse(String[] args) {
        List<String> known = List.of("--jar", "--java", "--jvm-options", "--env-from-pid", "--port", "--decision-port",
                "--writer", "--token-dir", "--database", "--timeout", "--log");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                return null;
            }
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
