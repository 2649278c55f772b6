package io.roster.query.adapter.out.mongo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.readside.ProjectionDigest.Digest;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.readside.fixture.ReadSideDriver;
import io.roster.contract.readside.stream.EventStreamHealthIndicator;
import io.roster.contract.readside.stream.EventStreamLifecycle;
import io.roster.contract.stream.ConsumedEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.contract.stream.EventStreamConsumer;
import io.roster.contract.stream.EventStreamConsumer.StoppedPartition;
import io.roster.contract.stream.EventStreamMetrics;
import io.roster.contract.stream.EventTopic;
import io.roster.contract.stream.MongoOffsetStore;
import io.roster.contract.stream.Projection;
import io.roster.devstack.infra.SharedInfra;
import io.roster.query.application.DeviceListDigest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.roster.query.adapter.out.mongo.DeviceListDocuments.PRODUCTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The device list fed by its {@link EventStreamConsumer} from the embedded Kafka broker into the embedded
 * MongoDB-wire server: what the consumer does with records it cannot read, and a rebuild cut short by a crash.
 */
class DeviceListStreamIT {

    private static final int PARTITIONS = 3;
    private static final EventCodec CODEC = new EventCodec();
    private static MongoClient client;
    private static KafkaProducer<String, byte[]> producer;

    private final List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            logged.add(event);
        }
    };
    private final List<EventStreamConsumer> consumers = new ArrayList<>();
    private String topic;
    private String consumerName;
    private MongoDatabase database;
    private MongoOffsetStore offsets;
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(SharedInfra.mongo().connectionString());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        client.close();
    }

    @BeforeEach
    void freshTopicAndDatabase() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        topic = "device.events.stream-it-" + suffix;
        consumerName = "device-query-stream-it-" + suffix;
        SharedInfra.kafka().createTopic(topic, PARTITIONS);
        database = client.getDatabase("roster_query_stream_it_" + suffix);
        offsets = new MongoOffsetStore(database, consumerName, topic);
        meters = new SimpleMeterRegistry();
        appender.start();
        consumerLogger().addAppender(appender);
    }

    @AfterEach
    void stopConsumers() {
        consumers.forEach(EventStreamConsumer::close);
        consumerLogger().detachAppender(appender);
        appender.stop();
    }

    static Stream<Arguments> undecodableRecords() {
        ProductHistory probe = new ProductHistory("probe");
        probe.created("Probe", Protocol.MQTT, NodeType.DIRECT);
        probe.granted(1);
        EventEnvelope added = probe.added("d-x", AuthType.STATIC);
        ObjectNode badPayload = added.payload().deepCopy();
        badPayload.put("authType", "NOT_AN_AUTH_TYPE");
        String cipher = ProductHistory.staticSecretCipher("d-x");
        return Stream.of(
                Arguments.of("payload that does not make the event", "DeviceAdded",
                        (Object) envelopeWithPayload(added, badPayload),
                        "com.fasterxml.jackson.databind.exc.InvalidFormatException"),
                Arguments.of("value that is not JSON", "DeviceAdded",
                        (Object) (cipher + " is not an envelope").getBytes(StandardCharsets.UTF_8),
                        "com.fasterxml.jackson.core.JsonParseException"),
                Arguments.of("value that is not JSON and no type header", null,
                        (Object) (cipher + " is not an envelope").getBytes(StandardCharsets.UTF_8),
                        "com.fasterxml.jackson.core.JsonParseException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodableRecords")
    void aKnownTypeItCannotDecodeStopsItsPartitionUntilABuildThatReadsIt(String what, String typeHeader,
                                                                         byte[] value, String error) {
        ProductHistory a = ProductHistory.random("pa");
        ProductHistory b = ProductHistory.random("pb");
        send(0, a.created("A", Protocol.MQTT, NodeType.DIRECT));
        send(0, a.granted(5));
        send(0, a.added("before", AuthType.DYNAMIC));
        long badOffset = send(0, a.productKey(), typeHeader, value);
        send(0, a.added("after", AuthType.DYNAMIC));
        send(1, b.created("B", Protocol.HTTP, NodeType.DIRECT));
        send(1, b.granted(2));
        EventStreamLifecycle lifecycle = lifecycle(new MongoDeviceListProjection(database));
        EventStreamHealthIndicator health = new EventStreamHealthIndicator(lifecycle, topic);

        await().atMost(ReadSideDriver.PATIENCE).until(() -> !lifecycle.status().orElseThrow().stopped().isEmpty());
        // the other partitions go on: a record published after the stop is applied
        long lastOfB = send(1, b.added("b-1", AuthType.DYNAMIC));
        await().atMost(ReadSideDriver.PATIENCE).until(() -> offsets.load().getOrDefault(1, 0L) > lastOfB);

        MongoDeviceListReadModel readModel = new MongoDeviceListReadModel(database);
        assertThat(readModel.findDevice(a.productKey(), "before")).isPresent();
        assertThat(readModel.findDevice(a.productKey(), "after")).isEmpty();
        assertThat(readModel.findDevice(b.productKey(), "b-1")).isPresent();
        assertThat(offsets.load()).containsEntry(0, badOffset);
        assertThat(lifecycle.status().orElseThrow().stopped())
                .containsExactly(new StoppedPartition(topic, 0, badOffset, typeHeader, error));

        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("undecodable")).isEqualTo(List.of(detail(badOffset, typeHeader, error)));
        assertThat(counter(EventStreamMetrics.UNDECODABLE)).isEqualTo(1.0);
        assertThat(gauge(EventStreamMetrics.STOPPED_PARTITIONS)).isEqualTo(1.0);
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR)
                .singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains(topic + "-0", "offset " + badOffset, error));
        assertNoPayloadIn(down.toString());

        // a restart (the same build) does not skip it either: it stops at the same record again
        lifecycle.stop();
        SimpleMeterRegistry restartedMeters = new SimpleMeterRegistry();
        EventStreamLifecycle restarted = lifecycle(new MongoDeviceListProjection(database), restartedMeters);
        await().atMost(ReadSideDriver.PATIENCE).until(() -> !restarted.status().orElseThrow().stopped().isEmpty());
        assertThat(restarted.status().orElseThrow().stopped())
                .containsExactly(new StoppedPartition(topic, 0, badOffset, typeHeader, error));
        assertThat(offsets.load()).containsEntry(0, badOffset);
        assertThat(readModel.findDevice(a.productKey(), "after")).isEmpty();
        assertThat(restartedMeters.get(EventStreamMetrics.UNDECODABLE).counter().count()).isEqualTo(1.0);
        logged.forEach(e -> assertNoPayloadIn(e.getFormattedMessage()));
    }

    @Test
    void recordsOfTypesItDoesNotKnowAreSkippedCountedAndLoggedOncePerType() {
        ProductHistory a = ProductHistory.random("pu");
        send(0, a.created("A", Protocol.MQTT, NodeType.DIRECT));
        EventEnvelope template = a.granted(5);
        send(0, template);
        send(0, renamed(template, "DeviceRenamed"));
        send(0, renamed(template, "DeviceRenamed"));
        // a newer producer's record need not even be an envelope this version can read
        send(0, a.productKey(), "DeviceTagged", "{not json".getBytes(StandardCharsets.UTF_8));
        long last = send(0, a.added("d-1", AuthType.DYNAMIC));
        EventStreamLifecycle lifecycle = lifecycle(new MongoDeviceListProjection(database));

        await().atMost(ReadSideDriver.PATIENCE).until(() -> offsets.load().getOrDefault(0, 0L) > last);

        assertThat(new MongoDeviceListReadModel(database).findDevice(a.productKey(), "d-1")).isPresent();
        Health health = new EventStreamHealthIndicator(lifecycle, topic).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("unknownTypes")).isEqualTo(Map.of("DeviceRenamed", 2L, "DeviceTagged", 1L));
        assertThat(meters.get(EventStreamMetrics.UNKNOWN_TYPES).tag("type", "DeviceRenamed").counter().count())
                .isEqualTo(2.0);
        assertThat(meters.get(EventStreamMetrics.UNKNOWN_TYPES).tag("type", "DeviceTagged").counter().count())
                .isEqualTo(1.0);
        assertThat(counter(EventStreamMetrics.UNDECODABLE)).isZero();
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactlyInAnyOrder(m -> assertThat(m).contains("DeviceRenamed"),
                        m -> assertThat(m).contains("DeviceTagged"));
    }

    /**
     * A restarted service shares its group with the killed process's member until that member's session
     * times out, and gets none of the partitions the dead member holds meanwhile: its lag must count what
     * the read model has not applied of those too, or it reads 0 while the read model is behind.
     */
    @Test
    void lagCountsThePartitionsAnotherMemberOfTheGroupStillHolds() throws Exception {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            ProductHistory p = ProductHistory.random("lag" + partition);
            send(partition, p.created("P" + partition, Protocol.MQTT, NodeType.DIRECT));
            send(partition, p.granted(5));
            send(partition, p.added("d-1", AuthType.DYNAMIC));
            send(partition, p.added("d-2", AuthType.DYNAMIC));
        }
        AtomicBoolean leave = new AtomicBoolean();
        AtomicInteger held = new AtomicInteger();
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> holdPartitions(leave, held));
        try {
            await().atMost(ReadSideDriver.PATIENCE).until(() -> held.get() == PARTITIONS);
            EventStreamConsumer consumer = consumer(new MongoDeviceListProjection(database), meters);

            await().atMost(ReadSideDriver.PATIENCE).untilAsserted(() -> {
                int theirs = held.get();
                assertThat(theirs).isBetween(1, PARTITIONS - 1);
                assertThat(consumer.status().applied()).isEqualTo(4L * (PARTITIONS - theirs));
                assertThat(consumer.status().lag()).isEqualTo(4L * theirs);
            });

            leave.set(true);
            other.get(30, TimeUnit.SECONDS);
            await().atMost(ReadSideDriver.PATIENCE).untilAsserted(() -> {
                assertThat(consumer.status().applied()).isEqualTo(4L * PARTITIONS);
                assertThat(consumer.status().lag()).isZero();
            });
        } finally {
            leave.set(true);
        }
    }

    /** A member of the consumer's group that applies and commits nothing, polling until told to leave. */
    private void holdPartitions(AtomicBoolean leave, AtomicInteger held) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, consumerName);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            member.subscribe(List.of(topic));
            while (!leave.get()) {
                member.poll(Duration.ofMillis(100));
                held.set(member.assignment().size());
            }
        }
    }

    /** Where a process dies while it rebuilds. */
    enum Crash {
        /** after the first of the two steps (clearing offsets, clearing the projection), whichever that is */
        BETWEEN_THE_STEPS,
        /** halfway through dropping the projection's collections */
        HALFWAY_THROUGH_THE_PROJECTION
    }

    @ParameterizedTest
    @EnumSource(Crash.class)
    void aRebuildCutShortByACrashEndsWithTheWholeReadModelAfterARestart(Crash crash) throws Exception {
        Map<Integer, Long> published = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            ProductHistory p = ProductHistory.random("pr" + partition);
            send(partition, p.created("P" + partition, Protocol.MQTT, NodeType.GATEWAY));
            send(partition, p.granted(10));
            send(partition, p.added("d-1", AuthType.STATIC, "SN-1", true, null));
            send(partition, p.added("d-2", AuthType.DYNAMIC));
            send(partition, p.activated("d-2", AuthType.DYNAMIC));
            send(partition, p.added("d-3", AuthType.DYNAMIC));
            published.put(partition, send(partition, p.deleted("d-3")));
        }
        CrashingProjection crashing = new CrashingProjection(new MongoDeviceListProjection(database), crash);
        EventStreamConsumer first = consumer(crashing, meters);
        awaitPast(published);
        Digest whole = digest();

        CompletableFuture<Void> rebuild = first.requestRebuild();
        assertThatThrownBy(() -> rebuild.get(ReadSideDriver.PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasRootCauseMessage(CrashingProjection.CRASH);
        first.close();

        consumer(new MongoDeviceListProjection(database), new SimpleMeterRegistry());
        awaitPast(published);
        assertThat(digest()).isEqualTo(whole);
    }

    /**
     * Stands for a process that dies during a rebuild at the given point and writes nothing after it. The
     * offsets tell which step came first: still stored, the projection is cleared first.
     */
    private final class CrashingProjection implements Projection {
        static final String CRASH = "the process died";
        private final Projection delegate;
        private final Crash crash;
        private volatile boolean crashed;

        CrashingProjection(Projection delegate, Crash crash) {
            this.delegate = delegate;
            this.crash = crash;
        }

        @Override
        public void apply(List<ConsumedEvent> batch) {
            if (crashed) {
                throw new IllegalStateException(CRASH);
            }
            delegate.apply(batch);
        }

        @Override
        public void clear() {
            crashed = true;
            if (crash == Crash.HALFWAY_THROUGH_THE_PROJECTION) {
                database.getCollection(PRODUCTS).drop();
            } else if (!offsets.load().isEmpty()) {
                delegate.clear();
            }
            throw new IllegalStateException(CRASH);
        }
    }

    private EventStreamLifecycle lifecycle(Projection projection) {
        return lifecycle(projection, meters);
    }

    private EventStreamLifecycle lifecycle(Projection projection, SimpleMeterRegistry registry) {
        EventStreamLifecycle lifecycle = new EventStreamLifecycle(() -> consumerFor(projection, registry));
        lifecycle.start();
        return lifecycle;
    }

    private EventStreamConsumer consumer(Projection projection, SimpleMeterRegistry registry) {
        return consumerFor(projection, registry).start();
    }

    private EventStreamConsumer consumerFor(Projection projection, SimpleMeterRegistry registry) {
        EventStreamConsumer consumer = new EventStreamConsumer(
                new EventStreamConsumer.Settings(SharedInfra.kafka().bootstrapServers(), topic, consumerName, 500),
                projection, offsets, CODEC, new EventStreamMetrics(registry, consumerName, topic));
        consumers.add(consumer);
        return consumer;
    }

    private long send(int partition, EventEnvelope envelope) {
        return send(partition, envelope.productKey(), envelope.type(), CODEC.encode(envelope));
    }

    /** Publishes like device-command, to the given partition; returns the record's offset. */
    private long send(int partition, String key, String type, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
        if (type != null) {
            record.headers().add(new RecordHeader(EventTopic.HEADER_TYPE, type.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return producer.send(record).get().offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a test record", e.getCause());
        }
    }

    private void awaitPast(Map<Integer, Long> lastOffsets) {
        await().atMost(ReadSideDriver.PATIENCE).until(() -> {
            Map<Integer, Long> stored = offsets.load();
            return lastOffsets.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) > e.getValue());
        });
    }

    private Digest digest() {
        return new DeviceListDigest(new MongoDeviceListReadModel(database)).digest();
    }

    private double counter(String name) {
        return meters.get(name).tag("consumer", consumerName).tag("topic", topic).counter().count();
    }

    private double gauge(String name) {
        return meters.get(name).tag("consumer", consumerName).tag("topic", topic).gauge().value();
    }

    private Map<String, Object> detail(long offset, String eventType, String error) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("topic", topic);
        detail.put("partition", 0);
        detail.put("offset", offset);
        detail.put("eventType", eventType);
        detail.put("error", error);
        return detail;
    }

    private static void assertNoPayloadIn(String text) {
        assertThat(text).doesNotContain(ProductHistory.staticSecretCipher("d-x")).doesNotContain("NOT_AN_AUTH_TYPE");
    }

    private static byte[] envelopeWithPayload(EventEnvelope e, ObjectNode payload) {
        return CODEC.encode(new EventEnvelope(e.eventId(), e.type(), e.version(), e.aggregateId(), e.sequenceNumber(),
                e.timestamp(), e.region(), e.productKey(), e.deviceKey(), payload));
    }

    private static EventEnvelope renamed(EventEnvelope e, String type) {
        return new EventEnvelope(UUID.randomUUID().toString(), type, "1", e.aggregateId(), e.sequenceNumber(),
                e.timestamp(), e.region(), e.productKey(), e.deviceKey(), e.payload());
    }

    private static Logger consumerLogger() {
        return (Logger) LoggerFactory.getLogger(EventStreamConsumer.class);
    }
}
