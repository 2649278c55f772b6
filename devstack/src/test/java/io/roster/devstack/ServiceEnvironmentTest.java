package io.roster.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.roster.devstack.DevStackOptions.EventStore;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private final RegionEndpoints one = RegionEndpoints.of(RegionPorts.of(1, 0), "postgres", "postgres");
    private final RegionEndpoints two = RegionEndpoints.of(RegionPorts.of(2, 0), "postgres", "postgres");
    private static final Path TOKENS = Path.of("/data/roster/tokens");

    @Test
    void everyServiceShouldGetItsPortRegionKafkaAndMongo() {
        Map<String, String> env = ServiceEnvironment.of(Service.DEVICE_QUERY, two, List.of(one, two), EventStore.POSTGRES, TOKENS, Map.of());

        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SERVER_PORT", "8182",
                "ROSTER_REGION", "region-2",
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:9192",
                "MONGODB_URI", "mongodb://localhost:27117",
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true",
                "ROSTER_KAFKA_SESSION_TIMEOUT", "10s"));
    }

    @Test
    void deviceCommandShouldGetTheEventStore() {
        Map<String, String> env = ServiceEnvironment.of(Service.DEVICE_COMMAND, one, List.of(one), EventStore.MONGO, TOKENS, Map.of());

        assertThat(env)
                .containsEntry("SERVER_PORT", "8081")
                .containsEntry("ROSTER_DECISION_PORT", "8085")
                .containsEntry("ROSTER_EVENT_STORE", "mongo")
                .containsEntry("ROSTER_JDBC_URL", "jdbc:postgresql://localhost:5433/roster")
                .containsEntry("ROSTER_JDBC_USER", "postgres")
                .containsEntry("ROSTER_JDBC_PASSWORD", "postgres")
                .containsEntry("ROSTER_SECRETS_ALLOW_DEV_KEY", "true");
        assertThat(ServiceEnvironment.of(Service.DEVICE_COMMAND, one, List.of(one), EventStore.MONGO, TOKENS,
                Map.of("ROSTER_SECRETS_ALLOW_DEV_KEY", "false"))).containsEntry("ROSTER_SECRETS_ALLOW_DEV_KEY", "false");
    }

    @Test
    void regionSyncShouldGetTheOtherRegionsAsPeers() {
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, one, List.of(one, two), EventStore.POSTGRES, TOKENS, Map.of()))
                .containsEntry("SERVER_PORT", "8084")
                .containsEntry("ROSTER_PEERS", "region-2=localhost:9192");
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, two, List.of(one, two), EventStore.POSTGRES, TOKENS, Map.of()))
                .containsEntry("ROSTER_PEERS", "region-1=localhost:9092");
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, one, List.of(one), EventStore.POSTGRES, TOKENS, Map.of()))
                .containsEntry("ROSTER_PEERS", "");
    }

    @Test
    void readSidesShouldGetAShortSessionTimeoutUnlessTheLauncherSetsOne() {
        assertThat(ServiceEnvironment.of(Service.DEVICE_QUERY, one, List.of(one), EventStore.POSTGRES, TOKENS, Map.of()))
                .containsEntry("ROSTER_KAFKA_SESSION_TIMEOUT", "10s");
        assertThat(ServiceEnvironment.of(Service.ACTIVATION_LEDGER, one, List.of(one), EventStore.POSTGRES, TOKENS, Map.of()))
                .containsEntry("ROSTER_KAFKA_SESSION_TIMEOUT", "10s");
        assertThat(ServiceEnvironment.of(Service.ACTIVATION_LEDGER, one, List.of(one), EventStore.POSTGRES, TOKENS,
                Map.of("ROSTER_KAFKA_SESSION_TIMEOUT", "30s"))).containsEntry("ROSTER_KAFKA_SESSION_TIMEOUT", "30s");
        assertThat(ServiceEnvironment.of(Service.DEVICE_COMMAND, one, List.of(one), EventStore.POSTGRES, TOKENS, Map.of()))
                .doesNotContainKey("ROSTER_KAFKA_SESSION_TIMEOUT");
    }

    @Test
    void theLedgerShouldCallItsRegionsFirstDeviceCommandWithTheLedgerTokenUnlessTheLauncherSaysOtherwise() {
        assertThat(ServiceEnvironment.of(Service.ACTIVATION_LEDGER, two, List.of(one, two), EventStore.POSTGRES, TOKENS, Map.of()))
                .containsEntry("SERVER_PORT", "8183")
                .containsEntry("ROSTER_COMMAND_URL", "http://localhost:8181")
                .containsEntry("ROSTER_LEDGER_TOKEN_FILE", "/data/roster/tokens/ledger.jwt");
        assertThat(ServiceEnvironment.of(Service.ACTIVATION_LEDGER, 1, one, List.of(one), EventStore.POSTGRES,
                Path.of("relative/tokens"), Map.of()))
                .containsEntry("ROSTER_LEDGER_TOKEN_FILE", Path.of("relative/tokens/ledger.jwt").toAbsolutePath().toString());
        assertThat(ServiceEnvironment.of(Service.ACTIVATION_LEDGER, one, List.of(one), EventStore.POSTGRES, TOKENS,
                Map.of("ROSTER_COMMAND_URL", "http://command.example:8081", "ROSTER_LEDGER_TOKEN_FILE", "/run/ledger.jwt")))
                .containsEntry("ROSTER_COMMAND_URL", "http://command.example:8081")
                .containsEntry("ROSTER_LEDGER_TOKEN_FILE", "/run/ledger.jwt");
        for (Service other : List.of(Service.DEVICE_COMMAND, Service.DEVICE_QUERY)) {
            assertThat(ServiceEnvironment.of(other, one, List.of(one), EventStore.POSTGRES, TOKENS, Map.of()))
                    .doesNotContainKeys("ROSTER_COMMAND_URL", "ROSTER_LEDGER_TOKEN_FILE");
        }
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, one, List.of(one), EventStore.POSTGRES, TOKENS, Map.of()))
                .doesNotContainKey("ROSTER_LEDGER_TOKEN_FILE");
    }

    @Test
    void regionSyncShouldWriteToItsRegionsFirstDeviceCommandWithTheRegionPeerToken() {
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, two, List.of(one, two), EventStore.POSTGRES, TOKENS, Map.of()))
                .containsEntry("ROSTER_PEERS", "region-1=localhost:9092")
                .containsEntry("ROSTER_COMMAND_URL", "http://localhost:8181")
                .containsEntry("ROSTER_SYNC_TOKEN_FILE", "/data/roster/tokens/region-peer.jwt");
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, one, List.of(one, two), EventStore.POSTGRES, TOKENS,
                Map.of("ROSTER_SYNC_TOKEN_FILE", "/run/peer.jwt")))
                .containsEntry("ROSTER_PEERS", "region-2=localhost:9192")
                .containsEntry("ROSTER_COMMAND_URL", "http://localhost:8081")
                .containsEntry("ROSTER_SYNC_TOKEN_FILE", "/run/peer.jwt");
    }

    @Test
    void everyRegionsDeviceCommandShouldHoldTheSameKeys() {
        Map<String, String> keys = Map.of("ROSTER_SECRETS_KEYS_KEK_2", "base64-key", "ROSTER_SECRETS_ACTIVE_KEY_ID", "kek-2",
                "ROSTER_SECRETS_ALLOW_DEV_KEY", "false");
        for (RegionEndpoints region : List.of(one, two)) {
            assertThat(ServiceEnvironment.of(Service.DEVICE_COMMAND, region, List.of(one, two), EventStore.POSTGRES,
                    TOKENS, Map.of())).containsEntry("ROSTER_SECRETS_ALLOW_DEV_KEY", "true");
            assertThat(ServiceEnvironment.of(Service.DEVICE_COMMAND, region, List.of(one, two), EventStore.POSTGRES,
                    TOKENS, keys)).containsAllEntriesOf(keys);
        }
    }

    @Test
    void launcherRosterVariablesShouldBePassedOnButNotOverrideTheLayout() {
        Map<String, String> launcher = Map.of(
                "ROSTER_KEK", "base64-key", "ROSTER_REGION", "elsewhere", "HOME", "/root");

        Map<String, String> env = ServiceEnvironment.of(Service.DEVICE_QUERY, one, List.of(one), EventStore.POSTGRES, TOKENS, launcher);

        assertThat(env).containsEntry("ROSTER_KEK", "base64-key")
                .containsEntry("ROSTER_REGION", "region-1")
                .doesNotContainKey("HOME");
    }
}
