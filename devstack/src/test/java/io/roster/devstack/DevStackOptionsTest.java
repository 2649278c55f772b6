package io.roster.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.roster.devstack.DevStackOptions.EventStore;
import org.junit.jupiter.api.Test;

class DevStackOptionsTest {

    @Test
    void noArgumentsShouldGiveTheDefaults() {
        assertThat(DevStackOptions.parse()).isEqualTo(DevStackOptions.defaults())
                .isEqualTo(new DevStackOptions(1, null, 0, null, EventStore.POSTGRES));
        assertThat(DevStackOptions.defaults().persistent()).isFalse();
    }

    @Test
    void everyOptionShouldBeRead() {
        DevStackOptions options = DevStackOptions.parse(
                "--regions", "2", "--data-dir", "/var/roster", "--port-offset", "1000",
                "--services-dir", "/src/roster", "--event-store", "mongo");

        assertThat(options).isEqualTo(new DevStackOptions(2, Path.of("/var/roster"), 1000, Path.of("/src/roster"), EventStore.MONGO));
        assertThat(options.persistent()).isTrue();
    }

    @Test
    void optionsShouldAlsoBeReadInTheEqualsForm() {
        assertThat(DevStackOptions.parse("--regions=2", "--event-store=POSTGRES", "--port-offset=5"))
                .isEqualTo(new DevStackOptions(2, null, 5, null, EventStore.POSTGRES));
    }

    @Test
    void helpShouldBeRecognised() {
        assertThat(DevStackOptions.wantsHelp("--regions", "2", "--help")).isTrue();
        assertThat(DevStackOptions.wantsHelp("-h")).isTrue();
        assertThat(DevStackOptions.wantsHelp("--regions", "2")).isFalse();
        assertThat(DevStackOptions.USAGE).contains("--regions 1|2", "--data-dir", "--port-offset", "--services-dir", "--event-store");
    }

    @Test
    void parseShouldExplainWhatIsWrong() {
        assertThatThrownBy(() -> DevStackOptions.parse("--regions", "3")).isInstanceOf(UsageException.class)
                .hasMessage("--regions must be 1 or 2, not 3");
        assertThatThrownBy(() -> DevStackOptions.parse("--regions", "two")).isInstanceOf(UsageException.class)
                .hasMessage("--regions needs a whole number, not 'two'");
        assertThatThrownBy(() -> DevStackOptions.parse("--data-dir")).isInstanceOf(UsageException.class)
                .hasMessage("--data-dir needs a value");
        assertThatThrownBy(() -> DevStackOptions.parse("--data-dir", "--regions", "2")).isInstanceOf(UsageException.class)
                .hasMessage("--data-dir needs a value");
        assertThatThrownBy(() -> DevStackOptions.parse("--event-store", "cassandra")).isInstanceOf(UsageException.class)
                .hasMessage("--event-store must be postgres or mongo, not 'cassandra'");
        assertThatThrownBy(() -> DevStackOptions.parse("--port-offset", "-1")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--port-offset must be between 0 and ");
        assertThatThrownBy(() -> DevStackOptions.parse("--port-offset", "40000")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--port-offset must be between 0 and 38418");
        assertThatThrownBy(() -> DevStackOptions.parse("--verbose")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option: --verbose");
    }

    @Test
    void regionOneShouldUseTheStandardPorts() {
        RegionPorts ports = DevStackOptions.defaults().ports(1);

        assertThat(ports.region()).isEqualTo("region-1");
        assertThat(ports.service(Service.DEVICE_COMMAND)).isEqualTo(8081);
        assertThat(ports.service(Service.DEVICE_QUERY)).isEqualTo(8082);
        assertThat(ports.service(Service.ACTIVATION_LEDGER)).isEqualTo(8083);
        assertThat(ports.service(Service.REGION_SYNC)).isEqualTo(8084);
        assertThat(ports.kafka()).isEqualTo(9092);
        assertThat(ports.mongo()).isEqualTo(27017);
        assertThat(ports.postgres()).isEqualTo(5433);
    }

    @Test
    void regionTwoShouldAddAHundredAndTheOffsetShouldShiftEveryPort() {
        assertThat(RegionPorts.of(2, 0).all()).containsExactly(8181, 8182, 8183, 8184, 8185, 9192, 27117, 5533);
        assertThat(RegionPorts.of(1, 1000).all()).containsExactly(9081, 9082, 9083, 9084, 9085, 10092, 28017, 6433);
        assertThat(RegionPorts.of(2, 1000).region()).isEqualTo("region-2");
    }

    @Test
    void endpointsShouldFollowThePortLayout() {
        RegionEndpoints endpoints = RegionEndpoints.of(RegionPorts.of(2, 0), "postgres", "secret");

        assertThat(endpoints).isEqualTo(new RegionEndpoints("region-2",
                "http://localhost:8181", "http://localhost:8185", "http://localhost:8182", "http://localhost:8183",
                "http://localhost:8184",
                "localhost:9192", "mongodb://localhost:27117", "jdbc:postgresql://localhost:5533/roster",
                "postgres", "secret"));
        assertThat(endpoints.url(Service.ACTIVATION_LEDGER)).isEqualTo("http://localhost:8183");
    }
}
