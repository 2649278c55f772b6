package io.roster.command.publishing;

import io.roster.contract.stream.EventTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the last records of every partition of the topic to learn, per aggregate, the highest event
 * sequence already published. Events the event store hands out again after a crash (those after the
 * last stored token) are at most one batch, so the tail always covers them.
 */
final class PublishedTail {

    private final String bootstrapServers;
    private final String topic;
    private final int recordsPerPartition;

    PublishedTail(String bootstrapServers, String topic, int recordsPerPartition) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.recordsPerPartition = recordsPerPartition;
    }

    /** Highest published sequence number per aggregate id, among the scanned tail records. */
    Map<String, Long> highestSequences() {
        Map<String, Long> highest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(assigned);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : assigned) {
                long end = ends.get(tp);
                long from = Math.max(starts.get(tp), end - recordsPerPartition);
                consumer.seek(tp, from);
                if (end > from) {
                    remaining.put(tp, end);
                }
            }
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String aggregateId = header(record, EventTopic.HEADER_AGGREGATE_ID);
                    String sequence = header(record, EventTopic.HEADER_SEQUENCE);
                    if (aggregateId != null && sequence != null) {
                        highest.merge(aggregateId, Long.parseLong(sequence), Math::max);
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return highest;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }
}
