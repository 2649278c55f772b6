package io.roster.command.it;

import com.mongodb.client.MongoClient;
import io.roster.command.CommandApplication;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.util.ArrayList;
import java.util.List;

/** The same contract on the MongoDB event store against real MongoDB and Kafka images; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("mongo")
class ContainerMongoDeviceCommandIT extends DeviceCommandContractIT {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", MONGO::getReplicaSetUrl);
        registry.add("roster.mongo.database", () -> "roster_command");
        registry.add("roster.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("roster.kafka.topic", () -> "device.events");
        registry.add("roster.region", () -> "region-test");
        TestStack.security(registry);
    }

    @Autowired
    MongoClient mongo;

    @Override
    boolean streamMaySkipCommits() {
        return true;
    }

    @Override
    String storedEventText(String productKey) {
        List<String> all = new ArrayList<>();
        mongo.getDatabase("roster_command").getCollection("domainevents").find().map(Document::toJson).into(all);
        return String.join("\n", all);
    }
}
