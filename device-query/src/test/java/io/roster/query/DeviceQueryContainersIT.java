package io.roster.query;

import io.roster.contract.readside.fixture.ReadSideStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.util.concurrent.ExecutionException;

/** {@link DeviceQueryScenarios} against a real MongoDB and Kafka in containers; skipped where Docker is missing. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceQueryContainersIT extends DeviceQueryScenarios {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws ExecutionException, InterruptedException {
        ReadSideStack.containers(registry, SHORT_NAME, SERVICE, MONGO, KAFKA);
    }
}
