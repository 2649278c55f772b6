package io.roster.command.it;

import io.roster.command.CommandApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** The same contract against real PostgreSQL and Kafka images, wherever Docker runs; skipped without it. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class ContainerPostgresDeviceCommandIT extends DeviceCommandContractIT {

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:16-alpine");
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
        registry.add("roster.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("roster.kafka.topic", () -> "device.events");
        registry.add("roster.region", () -> "region-test");
        TestStack.security(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Override
    boolean streamMaySkipCommits() {
        return false;
    }

    @Override
    String storedEventText(String productKey) {
        return jdbc.query("select payload, metadata from domainevententry where aggregateidentifier = ?",
                (rs, i) -> new String(rs.getBytes(1), StandardCharsets.UTF_8) + new String(rs.getBytes(2), StandardCharsets.UTF_8),
                productKey).stream().collect(Collectors.joining("\n"));
    }
}
