package io.roster.command.publishing;

import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventTopic;
import io.roster.devstack.infra.SharedInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher against the in-process Kafka broker, for what the end-to-end suites cannot provoke. */
class KafkaEventPublisherIT {

    private final String bootstrap = SharedInfra.kafka().bootstrapServers();
    private final String topic = "publisher-" + UUID.randomUUID() + ".events";

    /** After a batch Kafka refused, the processor hands the same events out again: they must be sent again. */
    @Test
    void eventsOfAFailedBatchArePublishedWhenHandedOutAgain() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             Producer<String, byte[]> producer = producer(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 0))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64")))).all().get();
            KafkaEventPublisher publisher = new KafkaEventPublisher(producer, new EventCodec(), topic, "region-test",
                    new PublishedTail(bootstrap, topic, 100),
                    EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build(),
                    Duration.ofSeconds(1), () -> { });
            List<DomainEventMessage<RosterEvent>> batch = List.of(
                    event(0, new ProductCreated("pk1", "Meter", Protocol.MQTT, NodeType.DIRECT,
                            new EncryptedSecret("k1", "c2VjcmV0"))),
                    event(1, new ActivationCodesGranted("pk1", 5, 5, 5)));

            batch.forEach(m -> publisher.on(m.getPayload(), m));
            assertThatThrownBy(publisher::awaitAcknowledgements).isInstanceOf(IllegalStateException.class);

            ConfigResource config = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(config, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048576"), AlterConfigOp.OpType.SET))))
                    .all().get();
            batch.forEach(m -> publisher.on(m.getPayload(), m));
            publisher.awaitAcknowledgements();

            assertThat(sequencesOnTopic()).containsExactly("0", "1");
        }
    }

    /** A stream that skips an aggregate's event: the next one shows the gap, the skipped one is read from the store. */
    @Test
    void eventSkippedByTheStreamIsPublishedFromTheStoreBeforeTheNextOne() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             Producer<String, byte[]> producer = producer(Map.of())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
            List<DomainEventMessage<RosterEvent>> history = List.of(
                    event(0, new ProductCreated("pk1", "Meter", Protocol.MQTT, NodeType.DIRECT,
                            new EncryptedSecret("k1", "c2VjcmV0"))),
                    event(1, new ActivationCodesGranted("pk1", 5, 5, 5)),
                    event(2, new ActivationCodesGranted("pk1", 5, 10, 10)));
            store.publish(history);
            KafkaEventPublisher publisher = new KafkaEventPublisher(producer, new EventCodec(), topic, "region-test",
                    new PublishedTail(bootstrap, topic, 100), store, Duration.ofSeconds(1), () -> { });

            publisher.on(history.get(0).getPayload(), history.get(0));
            publisher.on(history.get(2).getPayload(), history.get(2));
            publisher.on(history.get(1).getPayload(), history.get(1));
            publisher.awaitAcknowledgements();

            assertThat(sequencesOnTopic()).containsExactly("0", "1", "2");
        }
    }

    private static DomainEventMessage<RosterEvent> event(long sequence, RosterEvent payload) {
        return new GenericDomainEventMessage<>("Product", "pk1", sequence, payload);
    }

    /**
     * The refusing test sets {@code batch.size} 0 (one record per batch): when a batch of several records is
     * refused as too large, the client splits it and sends it again, and with a topic limit below even one
     * record it splits forever, chaining one future per split until {@code get()} overflows the stack.
     */
    private Producer<String, byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    private List<String> sequencesOnTopic() {
        List<String> sequences = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    sequences.add(new String(record.headers().lastHeader(EventTopic.HEADER_SEQUENCE).value(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return sequences;
    }
}
