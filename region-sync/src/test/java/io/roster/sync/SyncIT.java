package io.roster.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.contract.readside.fixture.TestHttp.Answer;
import io.roster.contract.readside.fixture.TestHttp;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** region-sync started against the embedded MongoDB-wire server, with two peers configured. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"roster.region=region-1", "roster.peers=region-2=kafka-2a:9092,kafka-2b:9092,region-3=kafka-3:9092"})
class SyncIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> SharedInfra.mongo().connectionString());
        registry.add("roster.mongo.database", () -> "roster_sync_it");
    }

    @Test
    void healthIsUp() {
        Answer health = new TestHttp(port).get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").get("mongo").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void peersListsTheConfiguredRegions() {
        Answer peers = new TestHttp(port).get("/api/v1/peers");

        assertThat(peers.status()).isEqualTo(200);
        JsonNode list = peers.json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("region").asText()).isEqualTo("region-2");
        assertThat(list.get(0).get("bootstrapServers").asText()).isEqualTo("kafka-2a:9092,kafka-2b:9092");
        assertThat(list.get(0).get("status").asText()).isEqualTo("NOT_CONNECTED");
        assertThat(list.get(1).get("region").asText()).isEqualTo("region-3");
    }

    @Test
    void unknownPathsAnswerJson() {
        Answer missing = new TestHttp(port).get("/api/v1/peers/region-9/nothing");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(new TestHttp(port).get("/v3/api-docs").json().get("paths").has("/api/v1/peers")).isTrue();
    }
}
