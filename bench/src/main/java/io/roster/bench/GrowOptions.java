package io.roster.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run of the {@code grow} benchmark ({@link GrowBench}) does: fill one product to {@code devices} devices
 * from {@code concurrency} closed-loop workers, measuring a {@code window} of adds at each checkpoint; or, with
 * {@code coldProbe}, time a first add and {@value GrowBench#PROBE_ADDS} more against an existing product.
 *
 * @param commandUrl     device-command's base URL (adds, grants and its actuator's heap metrics)
 * @param queryUrl       device-query's base URL (how many devices a reused product already holds)
 * @param concurrency    keep-alive connections, each with one add outstanding at a time
 * @param devices        how many devices the product holds when the filling ends
 * @param checkpoints    device counts, ascending, at which a window is measured; none above {@code devices}
 * @param window         how long each measured window sends adds
 * @param product        the product to grow instead of creating one, or null
 * @param coldProbe      only time the first adds against {@code product}
 * @param authType       the devices' authentication type (DYNAMIC, STATIC or X509)
 * @param jsonFile       where to write the report as JSON, or null
 * @param requestTimeout how long one add may take before it counts as an error
 * @param stallTimeout   a phase is stopped when no add has been answered for this long
 * @param timeLimit      a hard bound on each phase (one fill or one window)
 * @param runId          prefix of the product name and the device keys
 * @param token          the bearer token (role {@code operator}: commands and the actuator), or null
 * @param gcPid          device-command's process id on this machine: a full GC is asked of it ({@code jcmd PID
 *                       GC.run}) before each heap reading, so that the used heap is live data; 0 for none
 */
public record GrowOptions(
        String commandUrl,
        String queryUrl,
        int concurrency,
        long devices,
        List<Long> checkpoints,
        Duration window,
        String product,
        boolean coldProbe,
        String authType,
        Path jsonFile,
        Duration requestTimeout,
        Duration stallTimeout,
        Duration timeLimit,
        String runId,
        String token,
        long gcPid) {

    /** The first argument that selects this benchmark. */
    public static final String MODE = "grow";

    public static final String USAGE = """
            Usage: java -jar bench/target/roster-bench.jar grow [options]

            Grows ONE product to --devices devices from closed-loop workers. At each checkpoint (devices already in
            the product) it measures a window of adds (adds/s, p50/p99/max latency) and reads device-command's heap
            from its actuator (jvm.memory.used area:heap, jvm.gc.live.data.size); between checkpoints it fills as
            fast as it can, unmeasured. Prints the product key first, so that device-command can be restarted
            afterwards and the first command against that product timed with --cold-probe.

            The window at checkpoint 0 also measures device-command's own warm-up (JIT) unless the stack has served
            adds before, e.g. a short run of the adds mode. A --product starts from device-query's count of its
            codes in use, so device-query should have caught up with earlier adds to it.

              --command URL            device-command (default http://localhost:8081)
              --query URL              device-query, asked how many devices a --product holds (default http://localhost:8082)
              --concurrency C          concurrent workers / connections (default 32)
              --devices N              devices the product holds at the end (default 1000000)
              --checkpoints A,B,...    device counts to measure at, ascending, at most N
                                       (default 0,100000,500000,1000000)
              --window D               length of each measured window, e.g. 30s (default 30s)
              --product KEY            grow this existing product instead of creating one (codes are still granted)
              --gc-pid PID             device-command's process id here: `jcmd PID GC.run` before each heap
                                       reading, so heap used is what is live (default: no GC asked)
              --cold-probe             with --product: send one add and print its latency, then 10 more
              --auth-type T            DYNAMIC, STATIC or X509 (default DYNAMIC)
              --json FILE              also write the report as JSON to FILE
              --request-timeout D      one add's timeout (default 30s)
              --stall-timeout D        stop when no add was answered for D (default 30s)
              --time-limit D           hard bound on each fill and each window (default 6h)
              --run-id ID              prefix for the product name and device keys (default random)
              --token-file FILE        bearer token (role operator) to send, e.g. <data-dir>/tokens/operator.jwt
                                       of the embedded stack; or set ROSTER_TOKEN (default: none)
              --help                   show this text

            Exit status: 0 when every add succeeded, 1 when any add was refused or failed (or device-command's heap
            could not be read), 2 on bad usage.
            """;

    private static final List<Long> DEFAULT_CHECKPOINTS = List.of(0L, 100_000L, 500_000L, 1_000_000L);

    public GrowOptions {
        checkpoints = List.copyOf(checkpoints);
        require(concurrency >= 1 && concurrency <= 4_096, "--concurrency must be between 1 and 4096");
        require(devices >= 1 && devices <= Integer.MAX_VALUE, "--devices must be between 1 and " + Integer.MAX_VALUE);
        require(!checkpoints.isEmpty(), "--checkpoints needs at least one device count");
        for (int i = 0; i < checkpoints.size(); i++) {
            require(checkpoints.get(i) >= 0, "--checkpoints must not be negative");
            require(i == 0 || checkpoints.get(i) > checkpoints.get(i - 1), "--checkpoints must be ascending, without repeats");
        }
        require(checkpoints.get(checkpoints.size() - 1) <= devices,
                "--checkpoints must not go beyond --devices (" + devices + ")");
        require(window.compareTo(Duration.ZERO) > 0, "--window must be positive");
        require(!coldProbe || product != null, "--cold-probe needs --product KEY");
        require(!requestTimeout.isZero() && !stallTimeout.isZero() && !timeLimit.isZero(), "timeouts must be positive");
        // the run id, the URL and the auth type as the adds bench checks them
        load(commandUrl, queryUrl, concurrency, authType, requestTimeout, stallTimeout, timeLimit, runId, token, 1, window);
    }

    /** Parses the command line after the leading {@code grow}; accepts {@code --name value} and {@code --name=value}. */
    public static GrowOptions parse(String... args) {
        String commandUrl = "http://localhost:8081";
        String queryUrl = "http://localhost:8082";
        int concurrency = 32;
        long devices = 1_000_000;
        List<Long> checkpoints = DEFAULT_CHECKPOINTS;
        Duration window = Duration.ofSeconds(30);
        String product = null;
        boolean coldProbe = false;
        String authType = "DYNAMIC";
        Path json = null;
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration stallTimeout = Duration.ofSeconds(30);
        Duration timeLimit = Duration.ofHours(6);
        String runId = null;
        String token = BenchOptions.blankToNull(System.getenv("ROSTER_TOKEN"));
        long gcPid = 0;
        Arguments arguments = new Arguments(args, MODE, Set.of("--cold-probe"));
        while (arguments.next()) {
            String name = arguments.name();
            String value = arguments.value();
            if (name.equals("--cold-probe")) {
                coldProbe = true;
                continue;
            }
            switch (name) {
                case "--command" -> commandUrl = BenchOptions.url(name, value);
                case "--query" -> queryUrl = BenchOptions.url(name, value);
                case "--concurrency" -> concurrency = (int) BenchOptions.number(name, value);
                case "--devices" -> devices = BenchOptions.number(name, value);
                case "--checkpoints" -> checkpoints = counts(name, value);
                case "--window" -> window = BenchOptions.duration(name, value);
                case "--product" -> product = value;
                case "--auth-type" -> authType = value.toUpperCase(Locale.ROOT);
                case "--json" -> json = Path.of(value);
                case "--request-timeout" -> requestTimeout = BenchOptions.duration(name, value);
                case "--stall-timeout" -> stallTimeout = BenchOptions.duration(name, value);
                case "--time-limit" -> timeLimit = BenchOptions.duration(name, value);
                case "--run-id" -> runId = value;
                case "--token-file" -> token = BenchOptions.readToken(name, value);
                case "--gc-pid" -> gcPid = BenchOptions.number(name, value);
                default -> throw new UsageException("unknown option: " + name);
            }
        }
        return new GrowOptions(commandUrl, queryUrl, concurrency, devices, checkpoints, window, product, coldProbe,
                authType, json, requestTimeout, stallTimeout, timeLimit,
                runId == null ? BenchOptions.randomRunId() : runId, token, gcPid);
    }

    /**
     * One phase's load for {@link AddLoad}, on the one product: {@code count} adds, or adds for {@code duration} when
     * {@code count} is 0; closed loop, nothing left out as warm-up, no read-side sampling (the grow benchmark does not
     * read Kafka or device-query during the run).
     */
    BenchOptions loadOptions(long count, Duration duration) {
        return load(commandUrl, queryUrl, concurrency, authType, requestTimeout, stallTimeout, timeLimit, runId, token,
                count, duration);
    }

    /** One add on one connection, as the cold probe sends them; the first device key is the caller's. */
    BenchOptions probeOptions() {
        return load(commandUrl, queryUrl, 1, authType, requestTimeout, stallTimeout, timeLimit, runId, token,
                1, window);
    }

    private static BenchOptions load(String commandUrl, String queryUrl, int concurrency, String authType,
                                     Duration requestTimeout, Duration stallTimeout, Duration timeLimit, String runId,
                                     String token, long count, Duration duration) {
        return new BenchOptions(commandUrl, queryUrl, "unused", "unused", 1, concurrency, count, duration, 0,
                Duration.ZERO, authType, "unspecified", null, requestTimeout, requestTimeout, stallTimeout, timeLimit,
                Duration.ZERO, false, runId, token);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "GrowOptions[" + commandUrl + ", " + concurrency + " workers, " + devices + " devices, checkpoints "
                + checkpoints + ", window " + window + (product == null ? "" : ", product " + product)
                + (coldProbe ? ", cold probe" : "") + ", run " + runId + (token == null ? ", no token" : ", with token") + "]";
    }

    private static List<Long> counts(String name, String value) {
        List<Long> counts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                counts.add(BenchOptions.number(name, part.strip()));
            }
        }
        return counts;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UsageException(message);
        }
    }
}
