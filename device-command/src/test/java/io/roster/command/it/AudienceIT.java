package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.devstack.auth.LocalTokenIssuer;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With ROSTER_JWT_AUDIENCE configured, a token of the right issuer for another audience is refused on both ports. */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class AudienceIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_aud_it");
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> LocalTokenIssuer.AUDIENCE);
    }

    @LocalServerPort
    int port;

    @Autowired
    DecisionServer decisionServer;

    @Test
    void aTokenForAnotherAudienceShouldBe401AndOneForRosterShouldPass() {
        String foreign = SharedInfra.tokens().mint("gw", List.of("gateway", "analyst"), "billing", Duration.ofMinutes(5));
        String ours = SharedInfra.tokens().mint("gw", List.of("gateway", "analyst"), Duration.ofMinutes(5));

        for (String base : List.of("http://localhost:" + port, "http://localhost:" + decisionServer.port())) {
            assertThat(new Api(base, foreign).post("/api/v1/auth/connect", "{}").status()).as(base).isEqualTo(401);
            assertThat(new Api(base, ours).post("/api/v1/auth/connect", "{}").status()).as(base).isEqualTo(400);
        }
        assertThat(new Api("http://localhost:" + port, foreign).get("/api/v1/audit").status()).isEqualTo(401);
        assertThat(new Api("http://localhost:" + port, ours).get("/api/v1/audit").status()).isEqualTo(200);
    }
}
