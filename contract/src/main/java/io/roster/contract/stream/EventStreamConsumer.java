package io.roster.contract.stream;

import io.roster.contract.stream.RecordDecoder.Decoded;
import io.roster.contract.stream.RecordDecoder.Outcome;
import io.roster.contract.stream.RecordDecoder.Undecodable;
import io.roster.contract.stream.RecordDecoder.UnknownType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds one {@link Projection} from the event topic on a thread of its own.
 *
 * <p>Delivery is at least once; exactly-once effect comes from the projection being idempotent.
 * Offsets live in the read model's database ({@link MongoOffsetStore}) and are written after each
 * applied batch, so a crash at any point re-delivers at most the batch in flight. A batch that fails
 * is retried from its first record with back-off.
 *
 * <p>A record of a known event type that this version cannot decode is never skipped: the consumer
 * applies what came before it, stores the record's own offset and stops reading its partition (the
 * others go on), until a build that reads it is started. A record of a type this version does not
 * know, a newer producer's, is skipped and counted per type (see docs/events.md).
 */
public final class EventStreamConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStreamConsumer.class);
    /** How long measuring the lag may wait for Kafka; a lag that cannot be measured keeps its last value. */
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Where to read and how much at a time.
     *
     * @param sessionTimeout how long the group waits for a member that stopped heartbeating before it hands
     *                       that member's partitions to the others: a service killed and started again
     *                       reads nothing of them until then
     */
    public record Settings(String bootstrapServers, String topic, String consumerName, int maxPollRecords,
                           Duration sessionTimeout) {

        /** Kafka's default session timeout, 45 s. */
        public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);

        public Settings(String bootstrapServers, String topic, String consumerName, int maxPollRecords) {
            this(bootstrapServers, topic, consumerName, maxPollRecords, DEFAULT_SESSION_TIMEOUT);
        }
    }

    /**
     * What the consumer has done so far, for health and lag endpoints.
     *
     * @param lag          records of the topic the read model has not applied, over all its partitions
     *                     not only those it holds now; 0 only once it has read to the end
     * @param stopped      the partitions it does not read past an undecodable record, by partition
     * @param unknownTypes records skipped per event type this version does not know
     */
    public record Status(boolean running, long applied, long lag, Instant lastAppliedAt, long errors,
                         String lastError, List<StoppedPartition> stopped, Map<String, Long> unknownTypes) {
    }

    /**
     * A partition the consumer stopped at, on the record it cannot decode.
     *
     * @param eventType the known type the record names, or null when it names none
     * @param error     the class of the decoding error; never its message, which may quote the payload
     */
    public record StoppedPartition(String topic, int partition, long offset, String eventType, String error) {
    }

    private final Settings settings;
    private final Projection projection;
    private final MongoOffsetStore offsets;
    private final RecordDecoder decoder;
    private final EventStreamMetrics metrics;
    private final Thread thread;
    private final AtomicReference<CompletableFuture<Void>> rebuild = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long applied;
    private volatile long lag;
    private volatile Instant lastAppliedAt;
    private volatile long errors;
    private volatile String lastError;
    private final Map<Integer, StoppedPartition> stopped = new ConcurrentHashMap<>();
    /** Each undecodable record is logged and counted once, however often a rebalance brings it back. */
    private final Set<String> reported = new HashSet<>();

    public EventStreamConsumer(Settings settings, Projection projection, MongoOffsetStore offsets, EventCodec codec,
                               EventStreamMetrics metrics) {
        this.settings = settings;
        this.projection = projection;
        this.offsets = offsets;
        this.decoder = new RecordDecoder(codec);
        this.metrics = metrics;
        this.thread = new Thread(this::run, settings.consumerName() + "-consumer");
    }

    public EventStreamConsumer start() {
        thread.start();
        return this;
    }

    public Status status() {
        List<StoppedPartition> stops = stopped.values().stream()
                .sorted(Comparator.comparingInt(StoppedPartition::partition)).toList();
        return new Status(running && thread.isAlive(), applied, lag, lastAppliedAt, errors, lastError, stops,
                metrics.unknownTypes());
    }

    /**
     * Drops the projection and reads the topic again from its start, stopped partitions included. The
     * returned future completes once the projection was cleared and the consumer was rewound (not when it
     * has caught up).
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
            // Offsets first: a crash after them leaves offsets that read the whole topic again, into what is
            // left of the projection, which applying every event again makes whole (it is idempotent). The
            // other order could leave an empty projection behind offsets at the end of the topic.
            offsets.clear();
            projection.clear();
            kafka.resume(kafka.paused());
            stopped.clear();
            metrics.stoppedPartitions(0);
            kafka.seekToBeginning(kafka.assignment());
            applied = 0;
            // measured now, so that whoever asked for the rebuild never reads the lag of before it
            lag = measureLag(kafka);
            log.info("{}: offsets and projection cleared, rebuilding from the start of {}", settings.consumerName(),
                    settings.topic());
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
            Map<TopicPartition, StoppedPartition> stops = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    Outcome outcome = decoder.decode(record);
                    if (outcome instanceof Undecodable u) {
                        stops.put(tp, new StoppedPartition(record.topic(), record.partition(), record.offset(),
                                u.eventType(), u.error()));
                        next.put(record.partition(), record.offset());
                        break;
                    }
                    if (outcome instanceof Decoded d) {
                        batch.add(d.event());
                    } else if (outcome instanceof UnknownType u) {
                        skipUnknown(u, record);
                    }
                    next.put(record.partition(), record.offset() + 1);
                }
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
            stops.forEach((tp, stop) -> stopAt(kafka, tp, stop));
        }
        lag = measureLag(kafka);
    }

    /**
     * How many records of the topic the read model has not applied yet, over every partition of the topic,
     * not only those this consumer holds now. A restarted service waits for the partitions its killed
     * predecessor still holds in the group until that member's session times out; a consumer that just
     * sought (a start, a rebuild) knows no position until its first fetch. Counting only what it holds and
     * knows would report 0 in both cases, and the read model would look caught up while it is behind.
     * Partitions it reads and has fetched from are counted from the consumer's fetch state; the others from
     * the offsets the read model stored (a partition never read counts from its first offset).
     */
    private long measureLag(KafkaConsumer<byte[], byte[]> kafka) {
        try {
            Set<TopicPartition> assigned = kafka.assignment();
            long total = 0;
            List<TopicPartition> unknown = new ArrayList<>();
            for (PartitionInfo info : kafka.partitionsFor(settings.topic(), LAG_TIMEOUT)) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                OptionalLong partitionLag = assigned.contains(tp) ? kafka.currentLag(tp) : OptionalLong.empty();
                if (partitionLag.isPresent()) {
                    total += partitionLag.getAsLong();
                } else {
                    unknown.add(tp);
                }
            }
            if (!unknown.isEmpty()) {
                total += storedLag(kafka, unknown);
            }
            return total;
        } catch (WakeupException e) {
            if (!running) {
                throw e;
            }
            // woken for a rebuild, which the loop takes up next; the lag is measured again after it
            return lag;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return lag;
        }
    }

    private long storedLag(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
        Map<Integer, Long> stored = offsets.load();
        Map<TopicPartition, Long> end = kafka.endOffsets(partitions, LAG_TIMEOUT);
        List<TopicPartition> neverRead = partitions.stream().filter(tp -> !stored.containsKey(tp.partition())).toList();
        Map<TopicPartition, Long> first = neverRead.isEmpty() ? Map.of() : kafka.beginningOffsets(neverRead, LAG_TIMEOUT);
        long total = 0;
        for (TopicPartition tp : partitions) {
            long next = stored.containsKey(tp.partition()) ? stored.get(tp.partition()) : first.getOrDefault(tp, 0L);
            total += Math.max(0, end.getOrDefault(tp, next) - next);
        }
        return total;
    }

    private void skipUnknown(UnknownType unknown, ConsumerRecord<byte[], byte[]> record) {
        metrics.unknownType(unknown.type()).ifPresent(type -> log.warn(
                "{}: skipping events of type {}, which this version does not know (first at {}-{}@{}); "
                        + "further ones are only counted", settings.consumerName(), type, record.topic(),
                record.partition(), record.offset()));
    }

    /**
     * Holds the partition at the undecodable record: everything before it is applied and its own offset is
     * stored, so the next build that can read it goes on from exactly there.
     */
    private void stopAt(KafkaConsumer<byte[], byte[]> kafka, TopicPartition tp, StoppedPartition stop) {
        kafka.seek(tp, stop.offset());
        kafka.pause(List.of(tp));
        stopped.put(tp.partition(), stop);
        metrics.stoppedPartitions(stopped.size());
        if (reported.add(tp.partition() + "@" + stop.offset())) {
            metrics.undecodable();
            log.error("{}: stopped reading {}-{} at offset {}: cannot decode its {} record ({}); the partition "
                            + "goes on once a build that reads it is started", settings.consumerName(), stop.topic(),
                    stop.partition(), stop.offset(), stop.eventType() == null ? "untyped" : stop.eventType(),
                    stop.error());
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
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        // Kafka's rule: heartbeats at most a third of the session apart
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) Math.min(3000, settings.sessionTimeout().toMillis() / 3));
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

        /**
         * Offsets are stored after every batch, so nothing is pending here. A stopped partition that is
         * taken away is no longer this consumer's to report; assigned again, it stops at the same record.
         */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> stopped.remove(tp.partition()));
            metrics.stoppedPartitions(stopped.size());
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
