package io.roster.query;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** {@link DeviceQueryScenarios} against a real MongoDB and Kafka in containers; skipped where Docker is missing. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceQueryContainersIT extends DeviceQueryScenarios {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

    /**
     * The scenarios' test instance lives per class, so Spring builds the context before the extension's
     * beforeAll would start the containers: they are started here (start is idempotent).
     */
    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws ExecutionException, InterruptedException {
        MONGO.start();
        KAFKA.start();
        String topic = uniqueNames(registry);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        registry.add("roster.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.data.mongodb.uri", MONGO::getReplicaSetUrl);
    }
}
