package io.roster.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.roster.devstack.DevStackOptions.EventStore;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private final RegionEndpoints one = RegionEndpoints.of(RegionPorts.of(1, 0), "postgres", "postgres");
    private final RegionEndpoints two = RegionEndpoints.of(RegionPorts.of(2, 0), "postgres", "postgres");

    @Test
    void everyServiceShouldGetItsPortRegionKafkaAndMongo() {
        Map<String, String> env = ServiceEnvironment.of(Service.DEVICE_QUERY, two, List.of(one, two), EventStore.POSTGRES, Map.of());

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
        Map<String, String> env = ServiceEnvironment.of(Service.DEVICE_COMMAND, one, List.of(one), EventStore.MONGO, Map.of());

        assertThat(env)
                .containsEntry("SERVER_PORT", "8081")
                .containsEntry("ROSTER_DECISION_PORT", "8085")
                .containsEntry("ROSTER_EVENT_STORE", "mongo")
                .containsEntry("ROSTER_JDBC_URL", "jdbc:postgresql://localhost:5433/roster")
                .containsEntry("ROSTER_JDBC_USER", "postgres")
                .containsEntry("ROSTER_JDBC_PASSWORD", "postgres")
                .containsEntry("ROSTER_SECRETS_ALLOW_DEV_KEY", "true");
        assertThat(ServiceEnvironment.of(Service.DEVICE_COMMAND, one, List.of(one), EventStore.MONGO,
                Map.of("ROSTER_SECRETS_ALLOW_DEV_KEY", "false"))).containsEntry("ROSTER_SECRETS_ALLOW_DEV_KEY", "false");
    }

    @Test
    void regionSyncShouldGetTheOtherRegionsAsPeers() {
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, one, List.of(one, two), EventStore.POSTGRES, Map.of()))
                .containsEntry("SERVER_PORT", "8084")
                .containsEntry("ROSTER_PEERS", "region-2=localhost:9192");
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, two, List.of(one, two), EventStore.POSTGRES, Map.of()))
                .containsEntry("ROSTER_PEERS", "region-1=localhost:9092");
        assertThat(ServiceEnvironment.of(Service.REGION_SYNC, one, List.of(one), EventStore.POSTGRES, Map.of()))
                .containsEntry("ROSTER_PEERS", "");
    }

    @Test
    void readSidesShouldGetAShortSessionTimeoutUnlessTheLauncherSetsOne() {
        assertThat(ServiceEnvironment.of(Service.DEVICE_QUERY, one, List.of(one), EventStore.POSTGRES, Map.of()))
                .containsEntry("ROSTER_KAFKA_SESSION_TIMEOUT", "10s");
        assertThat(ServiceEnvironment.of(Service.ACTIVATION_LEDGER, one, List.of(one), EventStore.POSTGRES, Map.of()))
                .containsEntry("ROSTER_KAFKA_SESSION_TIMEOUT", "10s");
        assertThat(ServiceEnvironment.of(Service.ACTIVATION_LEDGER, one, List.of(one), EventStore.POSTGRES,
                Map.of("ROSTER_KAFKA_SESSION_TIMEOUT", "30s"))).containsEntry("ROSTER_KAFKA_SESSION_TIMEOUT", "30s");
        assertThat(ServiceEnvironment.of(Service.DEVICE_COMMAND, one, List.of(one), EventStore.POSTGRES, Map.of()))
                .doesNotContainKey("ROSTER_KAFKA_SESSION_TIMEOUT");
    }

    @Test
    void launcherRosterVariablesShouldBePassedOnButNotOverrideTheLayout() {
        Map<String, String> launcher = Map.of(
                "ROSTER_KEK", "base64-key", "ROSTER_REGION", "elsewhere", "HOME", "/root");

        Map<String, String> env = ServiceEnvironment.of(Service.DEVICE_QUERY, one, List.of(one), EventStore.POSTGRES, launcher);

        assertThat(env).containsEntry("ROSTER_KEK", "base64-key")
                .containsEntry("ROSTER_REGION", "region-1")
                .doesNotContainKey("HOME");
    }
}
