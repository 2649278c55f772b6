package io.roster.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.contract.readside.fixture.TestHttp;
import io.roster.contract.readside.fixture.TestHttp.Answer;
import io.roster.contract.security.Role;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;

import static io.roster.contract.readside.fixture.ReadSideDriver.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** region-sync started against the embedded MongoDB-wire server, with two peers configured. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SyncIT implements EmbeddedStack {

    @LocalServerPort
    int port;

    private TestHttp analyst;
    private TestHttp operator;

    @BeforeEach
    void callers() {
        analyst = new TestHttp(port, token(Role.ANALYST));
        operator = new TestHttp(port, token(Role.OPERATOR));
    }

    @Test
    void healthIsUp() {
        Answer health = analyst.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").get("mongo").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void peersListsTheConfiguredRegions() {
        Answer peers = analyst.get("/api/v1/peers");

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
        assertError(operator.post("/api/v1/peers/region-9/resync"), 404, "NOT_FOUND");
        // a path the role table does not list is refused before it reaches the API
        assertError(analyst.get("/api/v1/peers/region-9/nothing"), 403, "FORBIDDEN");
        assertThat(analyst.get("/v3/api-docs").json().get("paths").has("/api/v1/peers")).isTrue();
    }

    private static String token(Role role) {
        return SharedInfra.tokens().mint("sync-it", List.of(role.claimValue()), Duration.ofHours(1));
    }
}
