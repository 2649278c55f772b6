package io.roster.contract.stream;

import io.roster.contract.event.RosterEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds one {@link Projection} from the event topic on a thread of its own.
 *
 * <p>Delivery is at least once; exactly-once effect comes from the projection being idempotent.
 * Offsets live in the read model's database ({@link MongoOffsetStore}) and are written after each
 * applied batch, so a crash at any point re-delivers at most the batch in flight. A batch that fails
 * is retried from its first record with back-off; an undecodable record is counted and skipped.
 */
public final class EventStreamConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStreamConsumer.class);

    /** Where to read and how much at a time. */
    public record Settings(String bootstrapServers, String topic, String consumerName, int maxPollRecords) {
    }

    /** What the consumer has done so far, for health and lag endpoints. */
    public record Status(boolean running, long applied, long lag, Instant lastAppliedAt, long errors,
                         String lastError) {
    }

    private final Settings settings;
    private final Projection projection;
    private final MongoOffsetStore offsets;
    private final EventCodec codec;
    private final Thread thread;
    private final AtomicReference<CompletableFuture<Void>> rebuild = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long applied;
    private volatile long lag;
    private volatile Instant lastAppliedAt;
    private volatile long errors;
    private volatile String lastError;

    public EventStreamConsumer(Settings settings, Projection projection, MongoOffsetStore offsets, EventCodec codec) {
        this.settings = settings;
        this.projection = projection;
        this.offsets = offsets;
        this.codec = codec;
        this.thread = new Thread(this::run, settings.consumerName() + "-consumer");
    }

    public EventStreamConsumer start() {
        thread.start();
        return this;
    }

    public Status status() {
        return new Status(running && thread.isAlive(), applied, lag, lastAppliedAt, errors, lastError);
    }

    /**
     * Drops the projection and reads the topic again from its start. The returned future completes
     * once the projection was cleared and the consumer was rewound (not when it has caught up).
     */
    public CompletableFuture<Void> requestRebuild() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        CompletableFuture<Void> pending = rebuild.compareAndExchange(null, request);
        if (pending != null) {
            return pending;
        }
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        return request;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                kafka.subscribe(List.of(settings.topic()), new SeekToStoredOffsets(kafka));
                while (running) {
                    rebuildIfRequested(kafka);
                    pollOnce(kafka);
                    backoff = Duration.ofMillis(100);
                }
            } catch (WakeupException e) {
                // woken for a rebuild or for shutdown: the loop decides which
            } catch (RuntimeException e) {
                errors++;
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.warn("{}: batch failed, retrying from stored offsets in {} ms: {}",
                        settings.consumerName(), backoff.toMillis(), lastError);
                sleepQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private void rebuildIfRequested(KafkaConsumer<byte[], byte[]> kafka) {
        CompletableFuture<Void> request = rebuild.get();
        if (request == null) {
            return;
        }
        try {
            projection.clear();
            offsets.clear();
            kafka.seekToBeginning(kafka.assignment());
            applied = 0;
            log.info("{}: projection cleared, rebuilding from the start of {}", settings.consumerName(), settings.topic());
            request.complete(null);
        } catch (RuntimeException e) {
            request.completeExceptionally(e);
            throw e;
        } finally {
            rebuild.set(null);
        }
    }

    private void pollOnce(KafkaConsumer<byte[], byte[]> kafka) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = kafka.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
            if (!running) {
                throw e;
            }
            return;
        }
        if (!records.isEmpty()) {
            List<ConsumedEvent> batch = new ArrayList<>(records.count());
            Map<Integer, Long> next = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                decode(record).ifPresent(batch::add);
                next.put(record.partition(), record.offset() + 1);
            }
            if (!batch.isEmpty()) {
                projection.apply(batch);
            }
            offsets.save(next);
            applied += batch.size();
            lastAppliedAt = Instant.now();
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            next.forEach((p, o) -> commit.put(new TopicPartition(settings.topic(), p), new OffsetAndMetadata(o)));
            kafka.commitAsync(commit, null);
        }
        long total = 0;
        for (TopicPartition tp : kafka.assignment()) {
            OptionalLong partitionLag = kafka.currentLag(tp);
            total += partitionLag.orElse(0);
        }
        lag = total;
    }

    private Optional<ConsumedEvent> decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            EventEnvelope envelope = codec.decode(record.value());
            Optional<RosterEvent> event = codec.event(envelope);
            if (event.isEmpty()) {
                log.debug("{}: skipping event of unknown type {} at {}-{}@{}", settings.consumerName(),
                        envelope.type(), record.topic(), record.partition(), record.offset());
            }
            return event.map(e -> new ConsumedEvent(record.partition(), record.offset(), envelope, e));
        } catch (RuntimeException e) {
            errors++;
            lastError = "undecodable record at " + record.partition() + "@" + record.offset();
            log.warn("{}: skipping undecodable record at {}-{}@{}", settings.consumerName(), record.topic(),
                    record.partition(), record.offset());
            return Optional.empty();
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a consumer that starts first must not create the topic with the broker's (finite) retention
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    /** Positions each assigned partition where the read model says it stopped, not where Kafka's group does. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> kafka;

        SeekToStoredOffsets(KafkaConsumer<byte[], byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<Integer, Long> stored = offsets.load();
            List<TopicPartition> fromStart = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Long next = stored.get(tp.partition());
                if (next == null) {
                    fromStart.add(tp);
                } else {
                    kafka.seek(tp, next);
                }
            }
            if (!fromStart.isEmpty()) {
                kafka.seekToBeginning(fromStart);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are stored after every batch; nothing is pending here
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
