package io.roster.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What to start: how many regions, where to keep data, how far to shift the ports, where the service
 * jars are and which event store device-command uses.
 *
 * @param regions     1 or 2
 * @param dataDir     where data and logs survive restarts, or {@code null} for a temporary directory
 *                    deleted on stop (MongoDB then keeps its data in memory)
 * @param portOffset  added to every port, so that a second stack (e.g. a test's) does not clash
 * @param servicesDir the repository root holding {@code <module>/target/<module>-exec.jar}, or
 *                    {@code null} for {@code ROSTER_HOME} or, failing that, the
 *                    repository the launcher was built in
 * @param eventStore  device-command's event store
 * @param commandInstances device-command instances per region (1 or 2), against the region's one event store;
 *                    the second listens on API port 8091 and decision port 8095 (region 2: 8191/8195)
 */
public record DevStackOptions(int regions, Path dataDir, int portOffset, Path servicesDir, EventStore eventStore,
                              int commandInstances) {

    /** One device-command instance per region. */
    public DevStackOptions(int regions, Path dataDir, int portOffset, Path servicesDir, EventStore eventStore) {
        this(regions, dataDir, portOffset, servicesDir, eventStore, 1);
    }

    /** The event store engines device-command supports. */
    public enum EventStore {
        POSTGRES, MONGO;

        /** The value of {@code ROSTER_EVENT_STORE}. */
        public String envValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String USAGE = """
            Usage: java -jar devstack/target/roster-devstack.jar [options]

            Starts Kafka, PostgreSQL and a MongoDB-wire server per region, then the four Roster services.

              --regions 1|2                 regions to start (default 1)
              --data-dir DIR                keep data and logs in DIR across restarts (default: a temp dir, deleted on stop)
              --port-offset N               add N to every port (default 0)
              --services-dir DIR            repository root with the built service jars (default: derived, or $ROSTER_HOME)
              --event-store postgres|mongo  device-command's event store (default postgres)
              --command-instances 1|2       device-command instances per region (default 1); the second
                                            answers on 8091 (decisions 8095), in region 2 on 8191/8195
              --help                        show this text
            """;

    /** Highest port of the layout before the offset; the offset must keep it a valid port. */
    private static final int HIGHEST_BASE_PORT = RegionPorts.of(2, 0).mongo();

    public DevStackOptions {
        if (regions < 1 || regions > 2) {
            throw new UsageException("--regions must be 1 or 2, not " + regions);
        }
        if (portOffset < 0 || HIGHEST_BASE_PORT + portOffset > 65_535) {
            throw new UsageException("--port-offset must be between 0 and " + (65_535 - HIGHEST_BASE_PORT) + ", not " + portOffset);
        }
        if (commandInstances < 1 || commandInstances > 2) {
            throw new UsageException("--command-instances must be 1 or 2, not " + commandInstances);
        }
        if (eventStore == null) {
            throw new UsageException("an event store is required");
        }
    }

    /** The local token issuer's port: 8090 plus the offset (one issuer serves every region). */
    public int issuerPort() {
        return 8090 + portOffset;
    }

    /** One region, temporary data, standard ports, derived services directory, PostgreSQL event store. */
    public static DevStackOptions defaults() {
        return new DevStackOptions(1, null, 0, null, EventStore.POSTGRES);
    }

    /** Whether the arguments ask for the usage text. */
    public static boolean wantsHelp(String... args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /**
     * Reads the command line; accepts {@code --name value} and {@code --name=value}.
     *
     * @throws UsageException naming the offending argument
     */
    public static DevStackOptions parse(String... args) {
        int regions = 1;
        Path dataDir = null;
        int portOffset = 0;
        Path servicesDir = null;
        EventStore eventStore = EventStore.POSTGRES;
        int commandInstances = 1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case "--regions" -> regions = integer(name, required(name, value));
                case "--data-dir" -> dataDir = Path.of(required(name, value));
                case "--port-offset" -> portOffset = integer(name, required(name, value));
                case "--services-dir" -> servicesDir = Path.of(required(name, value));
                case "--event-store" -> eventStore = eventStore(required(name, value));
                case "--command-instances" -> commandInstances = integer(name, required(name, value));
                default -> throw new UsageException("unknown option: " + arg);
            }
        }
        return new DevStackOptions(regions, dataDir, portOffset, servicesDir, eventStore, commandInstances);
    }

    /** Whether data survives a restart. */
    public boolean persistent() {
        return dataDir != null;
    }

    /** The ports of region {@code number} (1-based). */
    public RegionPorts ports(int number) {
        return RegionPorts.of(number, portOffset);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException(name + " needs a value");
        }
        return value;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, not '" + value + "'");
        }
    }

    private static EventStore eventStore(String value) {
        try {
            return EventStore.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--event-store must be postgres or mongo, not '" + value + "'");
        }
    }
}
