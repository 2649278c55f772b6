package io.roster.sync;

import io.roster.contract.readside.fixture.ReadSideDriver;
import io.roster.devstack.infra.SharedInfra;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs region-sync as region-1 with two peers against the embedded MongoDB-wire server, trusting the test
 * JVM's token issuer. Spring finds the property source through the interface, so every test class that
 * implements it has the same context configuration and they all share one application context.
 */
interface EmbeddedStack {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ReadSideDriver.trustIssuer(registry, SharedInfra.tokens().issuer(), SharedInfra.tokens().jwksUri());
        registry.add("roster.region", () -> "region-1");
        registry.add("roster.peers", () -> "region-2=kafka-2a:9092,kafka-2b:9092,region-3=kafka-3:9092");
        registry.add("spring.data.mongodb.uri", () -> SharedInfra.mongo().connectionString());
        registry.add("roster.mongo.database", () -> "roster_sync_it");
    }
}
