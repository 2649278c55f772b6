package io.roster.contract.stream;

import io.roster.contract.AuthType;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.RosterEvent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventRecordsTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void aRecordIsKeyedByProductStampedWithTheEventAndCarriesTheEnvelopeAndItsHeaders() {
        Instant at = Instant.parse("2026-12-05T10:00:00.123Z");
        DeviceAdded added = new DeviceAdded("k3Xb9QeT1aZ", "meter-1", AuthType.DYNAMIC, null, false, null, null, true, 99);
        EventEnvelope envelope = codec.envelope("e-1", "k3Xb9QeT1aZ", 7, at, "region-2", added);

        ProducerRecord<String, byte[]> record = EventRecords.record("device.events", envelope, codec);

        assertThat(record.topic()).isEqualTo("device.events");
        assertThat(record.partition()).isNull();
        assertThat(record.key()).isEqualTo("k3Xb9QeT1aZ");
        assertThat(record.timestamp()).isEqualTo(at.toEpochMilli());
        assertThat(header(record, EventTopic.HEADER_TYPE)).isEqualTo("DeviceAdded");
        assertThat(header(record, EventTopic.HEADER_REGION)).isEqualTo("region-2");
        assertThat(header(record, EventTopic.HEADER_AGGREGATE_ID)).isEqualTo("k3Xb9QeT1aZ");
        assertThat(header(record, EventTopic.HEADER_SEQUENCE)).isEqualTo("7");
        assertThat(record.headers().toArray()).hasSize(4);
        EventEnvelope read = codec.decode(record.value());
        assertThat(read).usingRecursiveComparison().ignoringFields("payload").isEqualTo(envelope);
        RosterEvent event = codec.event(read).orElseThrow();
        assertThat(event).isEqualTo(added);
    }

    @Test
    void theProducerAcknowledgesFromAllReplicasIdempotentlyAndCompresses() {
        assertThat(EventRecords.producerSettings("localhost:9092", "publisher-1"))
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "publisher-1")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
