package io.roster.bench;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one benchmark run does. Either {@code count} adds or adds for {@code duration}; closed loop
 * ({@code rate == 0}: each worker sends its next add as soon as the previous one is answered) or open loop
 * at a fixed {@code rate} (latency measured from the intended send time, so a slow server cannot hide its
 * stalls by slowing the generator down: no coordinated omission).
 *
 * @param commandUrl       device-command's base URL
 * @param queryUrl         device-query's base URL
 * @param kafkaBootstrap   the Kafka {@code bootstrap.servers} carrying the event topic
 * @param topic            the event topic
 * @param products         products the adds are spread over (round robin)
 * @param concurrency      keep-alive connections, each with one add outstanding at a time
 * @param count            adds to send, or 0 to run for {@code duration}
 * @param duration         how long to send adds when {@code count} is 0
 * @param rate             target adds per second for the open-loop mode, or 0 for the closed loop
 * @param warmup           the first part of the run, whose adds are sent and checked but not measured
 * @param authType         the devices' authentication type (DYNAMIC, STATIC or X509)
 * @param backend          a label for the report: which event store device-command runs on
 * @param jsonFile         where to write the report as JSON, or null
 * @param requestTimeout   how long one add may take before it counts as an error
 * @param catchUpTimeout   how long the read side and the Kafka check may take after the last add
 * @param stallTimeout     the run is stopped when no add has been answered for this long
 * @param timeLimit        a hard bound on the sending phase, whatever the count
 * @param sampleInterval   how often read-side lag is sampled during the run, or zero for never
 * @param kafkaCheck       whether to read the topic and check every add's event arrived exactly once
 * @param runId            prefix of the run's product names and device keys
 * @param token            the bearer token sent with every call (role {@code operator}: it may send commands,
 *                         read the projections and the metrics), or null for a stack without authentication
 */
public record BenchOptions(
        String commandUrl,
        String queryUrl,
        String kafkaBootstrap,
        String topic,
        int products,
        int concurrency,
        long count,
        Duration duration,
        double rate,
        Duration warmup,
        String authType,
        String backend,
        Path jsonFile,
        Duration requestTimeout,
        Duration catchUpTimeout,
        Duration stallTimeout,
        Duration timeLimit,
        Duration sampleInterval,
        boolean kafkaCheck,
        String runId,
        String token) {

    public static final String USAGE = """
            Usage: java -jar bench/target/roster-bench.jar adds [options]

            Creates products, grants them activation codes, adds devices over HTTP from concurrent workers,
            then checks every DeviceAdded event is on Kafka exactly once and device-query shows every add.

              --command URL            device-command (default http://localhost:8081)
              --query URL              device-query (default http://localhost:8082)
              --kafka HOST:PORT        Kafka bootstrap servers (default localhost:9092)
              --topic NAME             event topic (default device.events)
              --products N             products to spread the adds over (default 8)
              --concurrency C          concurrent workers / connections (default 32)
              --duration D             send adds for D, e.g. 60s, 5m (default 60s)
              --count N                send exactly N adds instead of running for a duration
              --rate R                 open loop at R adds/s, latency from the intended send time
                                       (default: closed loop)
              --warmup D               send but do not measure during the first D (default 0s)
              --auth-type T            DYNAMIC, STATIC or X509 (default DYNAMIC)
              --backend LABEL          event store device-command runs on, for the report (e.g. postgres, mongo)
              --json FILE              also write the report as JSON to FILE
              --request-timeout D      one add's timeout (default 30s)
              --catch-up-timeout D     bound on read-side catch-up and the Kafka check (default 180s)
              --stall-timeout D        stop the run when no add was answered for D (default 30s)
              --time-limit D           hard bound on the sending phase (default 30m)
              --sample-interval D      read-side lag sampling period, 0 to disable (default 1s)
              --no-kafka-check         skip reading the topic
              --run-id ID              prefix for product names and device keys (default random)
              --token-file FILE        bearer token (role operator) to send, e.g. <data-dir>/tokens/operator.jwt
                                       of the embedded stack; or set ROSTER_TOKEN (default: none)
              --help                   show this text

            Exit status: 0 when every add succeeded and both checks passed, 1 otherwise, 2 on bad usage.

            The other modes: java -jar bench/target/roster-bench.jar grow [options] grows one product to a million
            devices and measures adds and device-command's heap on the way; ledger-rebuild [options] times
            activation-ledger's rebuild from the topic beside a plain Kafka consumer. grow --help and
            ledger-rebuild --help describe them.
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9]{1,20}");
    private static final String RUN_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    public BenchOptions {
        require(products >= 1 && products <= 10_000, "--products must be between 1 and 10000");
        require(concurrency >= 1 && concurrency <= 4_096, "--concurrency must be between 1 and 4096");
        require(count >= 0 && count <= Integer.MAX_VALUE, "--count must be between 0 and " + Integer.MAX_VALUE);
        require(rate >= 0, "--rate must not be negative");
        require(count > 0 || duration.compareTo(Duration.ZERO) > 0, "--duration must be positive");
        require(authType.equals("DYNAMIC") || authType.equals("STATIC") || authType.equals("X509"),
                "--auth-type must be DYNAMIC, STATIC or X509");
        require(RUN_ID.matcher(runId).matches(), "--run-id must be 1-20 letters or digits");
        require(commandUrl.startsWith("http://"), "--command must be an http:// URL: the adds are sent over plain HTTP/1.1");
        require(!requestTimeout.isZero() && !catchUpTimeout.isZero() && !stallTimeout.isZero() && !timeLimit.isZero(),
                "timeouts must be positive");
        require(count > 0 || warmup.compareTo(duration) < 0, "--warmup must be shorter than --duration");
    }

    /** Parses the command line; accepts {@code --name value} and {@code --name=value}, and an optional leading {@code adds}. */
    public static BenchOptions parse(String... args) {
        String commandUrl = "http://localhost:8081";
        String queryUrl = "http://localhost:8082";
        String kafka = "localhost:9092";
        String topic = "device.events";
        int products = 8;
        int concurrency = 32;
        long count = 0;
        Duration duration = Duration.ofSeconds(60);
        double rate = 0;
        Duration warmup = Duration.ZERO;
        String authType = "DYNAMIC";
        String backend = "unspecified";
        Path json = null;
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration catchUpTimeout = Duration.ofSeconds(180);
        Duration stallTimeout = Duration.ofSeconds(30);
        Duration timeLimit = Duration.ofMinutes(30);
        Duration sampleInterval = Duration.ofSeconds(1);
        boolean kafkaCheck = true;
        String runId = null;
        String token = blankToNull(System.getenv("ROSTER_TOKEN"));
        Arguments arguments = new Arguments(args, "adds", Set.of("--no-kafka-check"));
        while (arguments.next()) {
            String name = arguments.name();
            String value = arguments.value();
            if (name.equals("--no-kafka-check")) {
                kafkaCheck = false;
                continue;
            }
            switch (name) {
                case "--command" -> commandUrl = url(name, value);
                case "--query" -> queryUrl = url(name, value);
                case "--kafka" -> kafka = value;
                case "--topic" -> topic = value;
                case "--products" -> products = (int) number(name, value);
                case "--concurrency" -> concurrency = (int) number(name, value);
                case "--count" -> count = number(name, value);
                case "--duration" -> duration = duration(name, value);
                case "--rate" -> rate = decimal(name, value);
                case "--warmup" -> warmup = duration(name, value);
                case "--auth-type" -> authType = value.toUpperCase(Locale.ROOT);
                case "--backend" -> backend = value;
                case "--json" -> json = Path.of(value);
                case "--request-timeout" -> requestTimeout = duration(name, value);
                case "--catch-up-timeout" -> catchUpTimeout = duration(name, value);
                case "--stall-timeout" -> stallTimeout = duration(name, value);
                case "--time-limit" -> timeLimit = duration(name, value);
                case "--sample-interval" -> sampleInterval = duration(name, value);
                case "--run-id" -> runId = value;
                case "--token-file" -> token = readToken(name, value);
                default -> throw new UsageException("unknown option: " + name);
            }
        }
        return new BenchOptions(commandUrl, queryUrl, kafka, topic, products, concurrency, count, duration, rate,
                warmup, authType, backend, json, requestTimeout, catchUpTimeout, stallTimeout, timeLimit,
                sampleInterval, kafkaCheck, runId == null ? randomRunId() : runId, token);
    }

    /** The same run with {@code token} as its bearer token. */
    public BenchOptions withToken(String token) {
        return new BenchOptions(commandUrl, queryUrl, kafkaBootstrap, topic, products, concurrency, count, duration, rate,
                warmup, authType, backend, jsonFile, requestTimeout, catchUpTimeout, stallTimeout, timeLimit,
                sampleInterval, kafkaCheck, runId, token);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "BenchOptions[" + commandUrl + ", " + queryUrl + ", " + kafkaBootstrap + " " + topic + ", " + products
                + " products, " + concurrency + " workers, count " + count + ", duration " + duration + ", rate " + rate
                + ", run " + runId + (token == null ? ", no token" : ", with token") + "]";
    }

    /** Whether the arguments ask for the usage text. */
    public static boolean wantsHelp(String... args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /** Whether the run is bounded by a number of adds rather than by time. */
    public boolean countBound() {
        return count > 0;
    }

    /** Whether adds are sent at a fixed rate (open loop). */
    public boolean openLoop() {
        return rate > 0;
    }

    /** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or a bare number of seconds. */
    static Duration duration(String name, String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new UsageException(name + " needs a duration such as 30s, 5m or 500ms, not '" + value + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    static long number(String name, String value) {
        try {
            return Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, not '" + value + "'");
        }
    }

    private static double decimal(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number, not '" + value + "'");
        }
    }

    static String url(String name, String value) {
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw new UsageException(name + " needs an http:// or https:// URL, not '" + value + "'");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    static String readToken(String name, String file) {
        try {
            String token = blankToNull(java.nio.file.Files.readString(Path.of(file)));
            if (token == null) {
                throw new UsageException(name + ": " + file + " is empty");
            }
            return token;
        } catch (java.io.IOException e) {
            throw new UsageException(name + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String randomRunId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("b");
        for (int i = 0; i < 7; i++) {
            id.append(RUN_ID_ALPHABET.charAt(random.nextInt(RUN_ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UsageException(message);
        }
    }
}
