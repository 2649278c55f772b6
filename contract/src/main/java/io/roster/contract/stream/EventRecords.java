package io.roster.contract.stream;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Kafka record of one event, as device-command's publisher writes it to the topic, and the producer settings it
 * writes with. Whatever else writes events to the topic (the benchmark's synthetic history) builds its records here
 * too, so that they cannot differ from the publisher's.
 */
public final class EventRecords {

    private EventRecords() {
    }

    /**
     * The record of {@code envelope}: keyed by its product key (so a product's events share a partition, in order),
     * stamped with the event's own time, the envelope encoded by {@code codec} as its value, and the headers
     * {@link EventTopic#HEADER_TYPE}, {@link EventTopic#HEADER_REGION}, {@link EventTopic#HEADER_AGGREGATE_ID} and
     * {@link EventTopic#HEADER_SEQUENCE} taken from the envelope.
     */
    public static ProducerRecord<String, byte[]> record(String topic, EventEnvelope envelope, EventCodec codec) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, envelope.timestamp().toEpochMilli(),
                envelope.productKey(), codec.encode(envelope));
        record.headers()
                .add(new RecordHeader(EventTopic.HEADER_TYPE, bytes(envelope.type())))
                .add(new RecordHeader(EventTopic.HEADER_REGION, bytes(envelope.region())))
                .add(new RecordHeader(EventTopic.HEADER_AGGREGATE_ID, bytes(envelope.aggregateId())))
                .add(new RecordHeader(EventTopic.HEADER_SEQUENCE, bytes(Long.toString(envelope.sequenceNumber()))));
        return record;
    }

    /**
     * The publisher's producer: every record acknowledged by all in-sync replicas, idempotent (a retried send is
     * not written twice), batched (up to 128 KiB, 5 ms linger) and compressed with lz4; string keys, byte values.
     */
    public static Map<String, Object> producerSettings(String bootstrapServers, String clientId) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
