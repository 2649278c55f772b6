package io.roster.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.roster.devstack.DevStackOptions.EventStore;

/** The environment variables that point one service at its region's infrastructure and at the services it calls. */
final class ServiceEnvironment {

    /** The read sides' Kafka session timeout on one machine, where no network partition needs Kafka's 45 s. */
    static final String READ_SIDE_SESSION_TIMEOUT = "10s";

    private ServiceEnvironment() {
    }

    /**
     * @param service     the service to start
     * @param region      its region
     * @param allRegions  every region of the stack, its own included
     * @param eventStore  device-command's event store
     * @param tokenDir    where the stack's token issuer writes a token for each role, {@code <role>.jwt}
     * @param launcherEnv the launcher's own environment; its {@code ROSTER_*} variables are passed on
     * @return the variables to set on top of the inherited environment
     */
    static Map<String, String> of(Service service, RegionEndpoints region, List<RegionEndpoints> allRegions,
                                  EventStore eventStore, Path tokenDir, Map<String, String> launcherEnv) {
        return of(service, 1, region, allRegions, eventStore, tokenDir, launcherEnv);
    }

    /** As {@link #of(Service, RegionEndpoints, List, EventStore, Path, Map)} for instance {@code instance} (from 1) of the service. */
    static Map<String, String> of(Service service, int instance, RegionEndpoints region, List<RegionEndpoints> allRegions,
                                  EventStore eventStore, Path tokenDir, Map<String, String> launcherEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        launcherEnv.forEach((name, value) -> {
            if (name.startsWith("ROSTER_")) {
                env.put(name, value);
            }
        });
        String url = service == Service.DEVICE_COMMAND ? region.commandUrl(instance) : region.url(service);
        env.put("SERVER_PORT", String.valueOf(URI.create(url).getPort()));
        env.put("ROSTER_REGION", region.region());
        env.put("KAFKA_BOOTSTRAP_SERVERS", region.kafkaBootstrap());
        env.put("MONGODB_URI", region.mongoUri());
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        switch (service) {
            case DEVICE_COMMAND -> {
                env.put("ROSTER_EVENT_STORE", eventStore.envValue());
                env.put("ROSTER_DECISION_PORT", String.valueOf(URI.create(region.decisionUrl(instance)).getPort()));
                // the lead of the replay claims is reached on this machine
                env.putIfAbsent("ROSTER_ADVERTISED_HOST", "localhost");
                env.put("ROSTER_JDBC_URL", region.jdbcUrl());
                env.put("ROSTER_JDBC_USER", region.jdbcUser());
                env.put("ROSTER_JDBC_PASSWORD", region.jdbcPassword());
                // the built-in development key-encryption key, unless the launcher configures keys of its own; either
                // way every region holds the same keys, so a ciphertext copied from a peer decrypts here too
                env.putIfAbsent("ROSTER_SECRETS_ALLOW_DEV_KEY", "true");
            }
            // a killed and restarted read side gets its partitions back once the dead consumer's session ends
            case DEVICE_QUERY -> env.putIfAbsent("ROSTER_KAFKA_SESSION_TIMEOUT", READ_SIDE_SESSION_TIMEOUT);
            case ACTIVATION_LEDGER -> {
                env.putIfAbsent("ROSTER_KAFKA_SESSION_TIMEOUT", READ_SIDE_SESSION_TIMEOUT);
                // and it reconciles its balances with its region's device-command, calling as the role ledger
                env.putIfAbsent("ROSTER_COMMAND_URL", region.commandUrl(1));
                env.putIfAbsent("ROSTER_LEDGER_TOKEN_FILE",
                        RunningStack.tokenFile(tokenDir, "ledger").toAbsolutePath().toString());
            }
            case REGION_SYNC -> {
                env.put("ROSTER_PEERS", peers(region, allRegions));
                // it writes the peers' changes to its own region's device-command, calling as the role region-peer
                env.putIfAbsent("ROSTER_COMMAND_URL", region.commandUrl(1));
                env.putIfAbsent("ROSTER_SYNC_TOKEN_FILE",
                        RunningStack.tokenFile(tokenDir, "region-peer").toAbsolutePath().toString());
            }
            default -> {
            }
        }
        return env;
    }

    /** {@code region-2=localhost:9192,...}: every other region's Kafka. */
    static String peers(RegionEndpoints self, List<RegionEndpoints> allRegions) {
        return allRegions.stream()
                .filter(other -> !other.region().equals(self.region()))
                .map(other -> other.region() + "=" + other.kafkaBootstrap())
                .collect(Collectors.joining(","));
    }
}
