package io.roster.contract.stream;

import com.fasterxml.jackson.databind.node.NullNode;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.stream.RecordDecoder.Decoded;
import io.roster.contract.stream.RecordDecoder.Undecodable;
import io.roster.contract.stream.RecordDecoder.UnknownType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecordDecoderTest {

    private static final String GRANTED = "ActivationCodesGranted";
    private final EventCodec codec = new EventCodec();
    private final RecordDecoder decoder = new RecordDecoder(codec);
    private final EventEnvelope granted = codec.envelope("e-1", "pk-1", 3, Instant.EPOCH, "region-1",
            new ActivationCodesGranted("pk-1", 5, 5, 5));

    @Test
    void decodesAnEventOfAKnownType() {
        RecordDecoder.Outcome outcome = decoder.decode(record(codec.encode(granted), GRANTED));

        assertThat(outcome).isInstanceOfSatisfying(Decoded.class, d -> {
            assertThat(d.event().event()).isEqualTo(new ActivationCodesGranted("pk-1", 5, 5, 5));
            assertThat(d.event().partition()).isEqualTo(2);
            assertThat(d.event().offset()).isEqualTo(41);
        });
    }

    @Test
    void aTypeItDoesNotKnowIsUnknownWhetherOrNotTheValueIsAnEnvelope() {
        assertThat(decoder.decode(record(codec.encode(typed(granted, "DeviceRenamed")), null)))
                .isEqualTo(new UnknownType("DeviceRenamed"));
        assertThat(decoder.decode(record(bytes("{not json"), "DeviceRenamed")))
                .isEqualTo(new UnknownType("DeviceRenamed"));
    }

    @Test
    void aKnownTypeThatDoesNotDecodeIsUndecodableWithTheErrorsClassOnly() {
        assertThat(decoder.decode(record(bytes("{not json"), GRANTED)))
                .isEqualTo(new Undecodable(GRANTED, "com.fasterxml.jackson.core.JsonParseException"));
        EventEnvelope withoutPayload = new EventEnvelope("e-1", GRANTED, "1", "pk-1", 3, Instant.EPOCH,
                "region-1", "pk-1", null, NullNode.getInstance());
        assertThat(decoder.decode(record(codec.encode(withoutPayload), GRANTED)))
                .isEqualTo(new Undecodable(GRANTED, "java.lang.IllegalArgumentException"));
        assertThat(decoder.decode(record(codec.encode(typed(granted, null)), GRANTED)))
                .isEqualTo(new Undecodable(GRANTED, "envelope without a type"));
    }

    @Test
    void aRecordThatNamesNoTypeIsUndecodable() {
        assertThat(decoder.decode(record(bytes("{not json"), null)))
                .isEqualTo(new Undecodable(null, "com.fasterxml.jackson.core.JsonParseException"));
        assertThat(decoder.decode(record(null, null)))
                .isEqualTo(new Undecodable(null, "java.lang.IllegalArgumentException"));
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, String typeHeader) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("device.events", 2, 41, bytes("pk-1"), value);
        if (typeHeader != null) {
            record.headers().add(new RecordHeader(EventTopic.HEADER_TYPE, bytes(typeHeader)));
        }
        return record;
    }

    private static EventEnvelope typed(EventEnvelope e, String type) {
        return new EventEnvelope(e.eventId(), type, e.version(), e.aggregateId(), e.sequenceNumber(), e.timestamp(),
                e.region(), e.productKey(), e.deviceKey(), e.payload());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
