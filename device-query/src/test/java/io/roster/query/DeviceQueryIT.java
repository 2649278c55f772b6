package io.roster.query;

import io.roster.devstack.infra.SharedInfra;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link DeviceQueryScenarios} against the embedded Kafka broker and MongoDB-wire server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceQueryIT extends DeviceQueryScenarios {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String topic = uniqueNames(registry);
        SharedInfra.kafka().createTopic(topic, PARTITIONS);
        registry.add("roster.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        registry.add("spring.data.mongodb.uri", () -> SharedInfra.mongo().connectionString());
    }
}
