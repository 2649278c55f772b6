package io.roster.bench;

import io.roster.contract.stream.EventTopic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What one run of the {@code ledger-rebuild} benchmark ({@link LedgerRebuildBench}) does: write a synthetic history
 * of {@code events} events over {@code products} products to the topic (unless {@code fill} is false), read the whole
 * topic with a plain consumer, then have activation-ledger rebuild from it and time both.
 *
 * @param ledgerUrl      activation-ledger's base URL (its admin rebuild, its health and its balances)
 * @param kafkaBootstrap the Kafka {@code bootstrap.servers} the ledger reads from
 * @param topic          the event topic
 * @param ledgerGroup    the ledger's consumer group, whose committed offsets confirm it read to the end
 * @param events         events the fill writes
 * @param products       products the fill spreads them over
 * @param fill           whether to write the history first; without it the topic is read as it is
 * @param region         the region the fill's events name, as device-command's {@code ROSTER_REGION}
 * @param runId          the start of the fill's product keys (1–8 letters or digits); given with {@code fill}
 *                       false, the products of an earlier fill with that id, {@code events} and {@code products},
 *                       whose balances are then checked
 * @param runIdGiven     whether {@code runId} came from the command line
 * @param jsonFile       where to write the report as JSON, or null
 * @param plainRounds    how many times each plain read is made; the fastest counts
 * @param pollInterval   how often the ledger's progress is asked for while it rebuilds
 * @param settleTimeout  how long to wait for the topic's other consumers to catch up before measuring
 * @param timeout        how long the ledger may take to catch up
 * @param token          the bearer token (role {@code operator} or {@code analyst}: both may rebuild, read the
 *                       health's details, the metrics and the balances), or null for a ledger without authentication
 */
public record LedgerRebuildOptions(
        String ledgerUrl,
        String kafkaBootstrap,
        String topic,
        String ledgerGroup,
        long events,
        int products,
        boolean fill,
        String region,
        String runId,
        boolean runIdGiven,
        Path jsonFile,
        int plainRounds,
        Duration pollInterval,
        Duration settleTimeout,
        Duration timeout,
        String token) {

    /** The first argument that selects this benchmark. */
    public static final String MODE = "ledger-rebuild";

    public static final String USAGE = """
            Usage: java -jar bench/target/roster-bench.jar ledger-rebuild [options]

            How fast activation-ledger rebuilds from the topic, beside a plain Kafka consumer reading the same topic
            on the same broker in the same run. Writes --events synthetic device events over --products products to
            the topic as device-command publishes them (same envelope, key and headers), waits until the topic's
            other consumers have read them, reads the whole topic twice with a plain consumer (raw, then decoding
            every event), then asks the ledger to rebuild (POST /api/v1/admin/rebuild) and times it until it has
            applied every record up to the end offsets taken at the start. The figure: ledger events/s over the
            plain consumer's (target at least 50 %).

              --ledger URL             activation-ledger (default http://localhost:8083)
              --kafka HOST:PORT        Kafka bootstrap servers (default localhost:9092)
              --topic NAME             event topic (default device.events)
              --ledger-group ID        the ledger's consumer group (default activation-ledger)
              --events N               events to write (default 1000000)
              --products N             products to spread them over (default 100)
              --no-fill                write nothing: measure on the topic as it is
              --region NAME            the region the events name (default region-1)
              --run-id ID              1-8 letters or digits starting every product key (default random); with
                                       --no-fill, an earlier fill's id (same --events and --products) whose
                                       balances are then checked
              --json FILE              also write the report as JSON to FILE
              --plain-rounds N         reads of each plain pass, the fastest counts (default 2: the first also
                                       warms the bench's JIT up)
              --poll-interval D        how often the ledger's progress is read (default 200ms)
              --settle-timeout D       bound on waiting for the topic's other consumers (default 30m)
              --timeout D              bound on the ledger's rebuild (default 60m)
              --token-file FILE        bearer token (role operator or analyst), e.g. <data-dir>/tokens/operator.jwt
                                       of the embedded stack; or set ROSTER_TOKEN (default: none)
              --help                   show this text

            Nothing else should write to the topic during the run. Exit status: 0 when the ledger caught up with the
            balances expected and its group's offsets at the end (the ratio is reported, not judged), 1 otherwise,
            2 on bad usage.
            """;

    public LedgerRebuildOptions {
        require(events >= 1 && events <= 1_000_000_000L, "--events must be between 1 and 1000000000");
        require(products >= 1 && products <= 10_000, "--products must be between 1 and 10000");
        String history = SyntheticHistory.problem(runId, products, events);
        if (history != null) {
            throw new UsageException((history.startsWith("the run id") ? "--run-id: " : "--events/--products: ")
                    + history);
        }
        require(!region.isBlank(), "--region must not be blank");
        require(!topic.isBlank() && !ledgerGroup.isBlank(), "--topic and --ledger-group must not be blank");
        require(plainRounds >= 1 && plainRounds <= 10, "--plain-rounds must be between 1 and 10");
        require(!pollInterval.isZero() && !pollInterval.isNegative(), "--poll-interval must be positive");
        require(!settleTimeout.isZero() && !timeout.isZero(), "timeouts must be positive");
    }

    /** Parses the command line after the leading {@code ledger-rebuild}; accepts {@code --name value} and {@code --name=value}. */
    public static LedgerRebuildOptions parse(String... args) {
        String ledgerUrl = "http://localhost:8083";
        String kafka = "localhost:9092";
        String topic = EventTopic.DEFAULT_NAME;
        String ledgerGroup = "activation-ledger";
        long events = 1_000_000;
        int products = 100;
        boolean fill = true;
        String region = "region-1";
        String runId = null;
        Path json = null;
        int plainRounds = 2;
        Duration pollInterval = Duration.ofMillis(200);
        Duration settleTimeout = Duration.ofMinutes(30);
        Duration timeout = Duration.ofMinutes(60);
        String token = BenchOptions.blankToNull(System.getenv("ROSTER_TOKEN"));
        Arguments arguments = new Arguments(args, MODE, Set.of("--no-fill"));
        while (arguments.next()) {
            String name = arguments.name();
            String value = arguments.value();
            if (name.equals("--no-fill")) {
                fill = false;
                continue;
            }
            switch (name) {
                case "--ledger" -> ledgerUrl = BenchOptions.url(name, value);
                case "--kafka" -> kafka = value;
                case "--topic" -> topic = value;
                case "--ledger-group" -> ledgerGroup = value;
                case "--events" -> events = BenchOptions.number(name, value);
                case "--products" -> products = (int) BenchOptions.number(name, value);
                case "--region" -> region = value;
                case "--run-id" -> runId = value;
                case "--json" -> json = Path.of(value);
                case "--plain-rounds" -> plainRounds = (int) BenchOptions.number(name, value);
                case "--poll-interval" -> pollInterval = BenchOptions.duration(name, value);
                case "--settle-timeout" -> settleTimeout = BenchOptions.duration(name, value);
                case "--timeout" -> timeout = BenchOptions.duration(name, value);
                case "--token-file" -> token = BenchOptions.readToken(name, value);
                default -> throw new UsageException("unknown option: " + name);
            }
        }
        return new LedgerRebuildOptions(ledgerUrl, kafka, topic, ledgerGroup, events, products, fill, region,
                runId == null ? BenchOptions.randomRunId() : runId, runId != null, json, plainRounds, pollInterval,
                settleTimeout, timeout, token);
    }

    /** Whether the balances of this run's products can be checked: they were filled now, or earlier under this id. */
    public boolean checksBalances() {
        return fill || runIdGiven;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "LedgerRebuildOptions[" + ledgerUrl + ", " + kafkaBootstrap + " " + topic + ", group " + ledgerGroup
                + (fill ? ", fill " + events + " events over " + products + " products" : ", no fill") + ", run "
                + runId + (token == null ? ", no token" : ", with token") + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UsageException(message);
        }
    }
}
