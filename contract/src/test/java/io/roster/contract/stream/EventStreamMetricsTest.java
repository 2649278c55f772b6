package io.roster.contract.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventStreamMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventStreamMetrics metrics = new EventStreamMetrics(registry, "device-query", "device.events");

    @Test
    void countsUnknownTypesPerTypeAndNamesEachTheFirstTimeOnly() {
        assertThat(metrics.unknownType("DeviceRenamed")).contains("DeviceRenamed");
        assertThat(metrics.unknownType("DeviceRenamed")).isEmpty();
        assertThat(metrics.unknownType("DeviceTagged")).contains("DeviceTagged");

        assertThat(metrics.unknownTypes()).containsExactly(
                Map.entry("DeviceRenamed", 2L), Map.entry("DeviceTagged", 1L));
        assertThat(registry.get(EventStreamMetrics.UNKNOWN_TYPES).tag("consumer", "device-query")
                .tag("topic", "device.events").tag("type", "DeviceRenamed").counter().count()).isEqualTo(2.0);
    }

    @Test
    void typeNamesFromTheTopicCannotGrowTheRegistryWithoutEnd() {
        assertThat(metrics.unknownType("Device\nAdded <script>")).contains(EventStreamMetrics.INVALID);
        assertThat(metrics.unknownType("")).isEmpty();
        for (int i = 0; i < 200; i++) {
            metrics.unknownType("Future" + i);
        }

        assertThat(registry.find(EventStreamMetrics.UNKNOWN_TYPES).counters())
                .hasSize(EventStreamMetrics.MAX_UNKNOWN_TYPES + 1);
        assertThat(metrics.unknownTypes()).containsEntry(EventStreamMetrics.INVALID, 2L)
                .containsEntry("Future0", 1L)
                .containsEntry(EventStreamMetrics.OTHER, 200L - (EventStreamMetrics.MAX_UNKNOWN_TYPES - 1))
                .doesNotContainKey("Future199");
    }

    @Test
    void undecodableRecordsAndStoppedPartitionsAreMetered() {
        metrics.undecodable();
        metrics.stoppedPartitions(2);

        assertThat(registry.get(EventStreamMetrics.UNDECODABLE).tag("consumer", "device-query").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(EventStreamMetrics.STOPPED_PARTITIONS).gauge().value()).isEqualTo(2.0);
    }
}
