package io.roster.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads a whole topic from its first offset with a group-less consumer (it commits nothing and joins no
 * group, so it never disturbs the services' consumers).
 */
public final class TopicReader implements AutoCloseable {

    /** What one read covered. */
    public record Scan(long records, boolean complete, long millis) {
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    public TopicReader(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "roster-bench-reader");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** The topic's partitions; empty when the topic does not exist (yet). */
    public List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** How many records the topic holds now. */
    public long size() {
        List<TopicPartition> partitions = partitions();
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }

    /** The end offset of every partition now: the offset the next record written to it will have. */
    public Map<TopicPartition, Long> endOffsets() {
        List<TopicPartition> partitions = partitions();
        return partitions.isEmpty() ? Map.of() : Map.copyOf(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    /** The first offset of every partition now. */
    public Map<TopicPartition, Long> beginningOffsets() {
        List<TopicPartition> partitions = partitions();
        return partitions.isEmpty() ? Map.of() : Map.copyOf(consumer.beginningOffsets(partitions, Duration.ofSeconds(30)));
    }

    /**
     * Reads the partitions of {@code end} from their first offsets until the reader's position reached {@code end} on
     * each (records written since may be handed over too), or {@code timeout} passed: a plain consumer, assigned every
     * partition and sought to the beginning, doing nothing with the records but what {@code handler} does.
     *
     * @return how many records were handed over and whether every partition reached its end offset
     */
    public Scan readTo(Map<TopicPartition, Long> end, Consumer<ConsumerRecord<byte[], byte[]>> handler, Duration timeout) {
        long start = System.nanoTime();
        List<TopicPartition> partitions = List.copyOf(end.keySet());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long[] records = {0};
        boolean complete = readUpTo(end, handler, records, start + timeout.toNanos());
        return new Scan(records[0], complete, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Reads every record from the beginning up to the end offsets of the moment the read starts. If
     * {@code satisfied} is still false then, keeps reading what arrives until it turns true or the
     * {@code timeout} passes; once satisfied, reads once more up to the then end offsets, so that a duplicate
     * published late is not missed.
     *
     * @return how many records were read and whether the reader got to the end (and {@code satisfied} held)
     */
    public Scan readAll(Consumer<ConsumerRecord<byte[], byte[]>> handler, BooleanSupplier satisfied, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<TopicPartition> partitions = partitions();
        if (partitions.isEmpty()) {
            return new Scan(0, satisfied.getAsBoolean(), 0);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long[] records = {0};
        boolean reachedEnd = readUpTo(consumer.endOffsets(partitions, Duration.ofSeconds(30)), handler, records, deadline);
        while (reachedEnd && !satisfied.getAsBoolean() && System.nanoTime() < deadline) {
            consumer.poll(POLL).forEach(record -> {
                records[0]++;
                handler.accept(record);
            });
        }
        boolean complete = reachedEnd && satisfied.getAsBoolean();
        if (complete) {
            complete = readUpTo(consumer.endOffsets(partitions, Duration.ofSeconds(30)), handler, records, deadline);
        }
        return new Scan(records[0], complete, (System.nanoTime() - start) / 1_000_000);
    }

    private boolean readUpTo(Map<TopicPartition, Long> end, Consumer<ConsumerRecord<byte[], byte[]>> handler,
                             long[] records, long deadline) {
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            consumer.poll(POLL).forEach(record -> {
                records[0]++;
                handler.accept(record);
            });
        }
        return true;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
