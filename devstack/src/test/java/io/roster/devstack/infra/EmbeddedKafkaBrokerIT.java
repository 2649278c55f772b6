package io.roster.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @Test
    void producedRecordShouldBeConsumed() throws Exception {
        EmbeddedKafkaBroker kafka = SharedInfra.kafka();
        String topic = "test." + UUID.randomUUID();
        kafka.createTopic(topic, 3);
        kafka.createTopic(topic, 3);

        produce(kafka.bootstrapServers(), topic, List.of("device-1:added"));

        assertThat(kafka.bootstrapServers()).startsWith("localhost:");
        assertThat(readAll(kafka.bootstrapServers(), topic, 3, 1)).containsExactly("device-1:added");
    }

    @Test
    void restartOnTheSameDataDirShouldKeepTheTopicsRecords(@TempDir Path dir) throws Exception {
        String topic = "device.events";
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, dir)) {
            kafka.createTopic(topic, 2);
            produce(kafka.bootstrapServers(), topic, List.of("a", "b", "c"));
        }
        assertThat(dir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, dir)) {
            kafka.createTopic(topic, 2);
            assertThat(readAll(kafka.bootstrapServers(), topic, 2, 3)).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void closeShouldDeleteATemporaryDataDir() {
        Path dataDir;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, null)) {
            dataDir = kafka.dataDir();
            assertThat(dataDir).isDirectory();
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    private static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }
    }

    private static List<String> readAll(String bootstrap, String topic, int partitions, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= expected;
            });
        }
        return values;
    }
}
