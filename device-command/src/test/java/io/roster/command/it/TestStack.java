package io.roster.command.it;

import io.roster.devstack.infra.SharedInfra;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Points a test's application at the shared in-process infrastructure, with a topic and databases of its own. */
final class TestStack {

    private TestStack() {
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Tokens from the JVM's local issuer are the only ones the application accepts. */
    static void security(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> SharedInfra.tokens().jwksUri());
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> SharedInfra.tokens().issuer());
    }

    static void kafka(DynamicPropertyRegistry registry, String name) {
        security(registry);
        registry.add("roster.kafka.bootstrap-servers", () -> SharedInfra.kafka().bootstrapServers());
        registry.add("roster.kafka.topic", () -> name + ".events");
        registry.add("roster.kafka.partitions", () -> "3");
        registry.add("roster.region", () -> "region-test");
    }

    static void postgres(DynamicPropertyRegistry registry, String prefix) {
        String name = unique(prefix);
        kafka(registry, name);
        SharedInfra.postgres().createDatabase(name);
        registry.add("spring.datasource.url", () -> SharedInfra.postgres().jdbcUrl(name));
        registry.add("spring.datasource.username", () -> SharedInfra.postgres().user());
        registry.add("spring.datasource.password", () -> SharedInfra.postgres().password());
    }

    static void mongo(DynamicPropertyRegistry registry, String prefix) {
        String name = unique(prefix);
        kafka(registry, name);
        registry.add("spring.data.mongodb.uri", () -> SharedInfra.mongo().connectionString());
        registry.add("roster.mongo.uri", () -> SharedInfra.mongo().connectionString());
        registry.add("roster.mongo.database", () -> name);
    }

    /**
     * Command-line arguments that start device-command on its own (not as a test context) against the shared
     * PostgreSQL database {@code name}, its Kafka topic {@code name.events} and the local token issuer; the caller
     * creates the database and adds its own arguments.
     */
    static List<String> standalonePostgres(String name) {
        return new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + SharedInfra.postgres().jdbcUrl(name),
                "--spring.datasource.username=" + SharedInfra.postgres().user(),
                "--spring.datasource.password=" + SharedInfra.postgres().password(),
                "--roster.kafka.bootstrap-servers=" + SharedInfra.kafka().bootstrapServers(),
                "--roster.kafka.topic=" + name + ".events",
                "--roster.kafka.partitions=1",
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + SharedInfra.tokens().jwksUri(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + SharedInfra.tokens().issuer()));
    }
}
