package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.auth.application.replay.ForwardedClaims;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import io.roster.command.auth.application.replay.ReplayClaims.Route;
import io.roster.command.auth.application.replay.ReplayClaims;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.it.Api.Response;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two device-command instances on one PostgreSQL event store, the lead of the replay claims stopped and the other
 * taking over, and an instance restarted: a captured signed request is accepted once, wherever it is sent and whenever
 * within its window (docs/security.md, "Replay protection").
 */
class ReplayAcrossInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String name = TestStack.unique("replay");

    private ConfigurableApplicationContext start(boolean publisher, String... more) {
        List<String> args = TestStack.standalonePostgres(name);
        args.add("--roster.auth.decision-port=0");
        args.add("--roster.kafka.publisher-enabled=" + publisher);
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(CommandApplication.class).run(args.toArray(String[]::new));
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static Api gateway(ConfigurableApplicationContext context) {
        return new Api(url(context), gatewayToken());
    }

    private static String gatewayToken() {
        return SharedInfra.tokens().mint("gw", List.of("gateway"), Duration.ofMinutes(5));
    }

    private static void assertDecision(Response response, String result, String reason) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
        assertThat(response.text("result")).as("%s", response.body()).isEqualTo(result);
        if (reason != null) {
            assertThat(response.text("reason")).isEqualTo(reason);
        }
    }

    private static ReplayClaims claims(ConfigurableApplicationContext context) {
        return context.getBean(ReplayClaims.class);
    }

    private static String decisionUrl(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getBean(DecisionServer.class).port();
    }

    @Test
    void aCapturedRequestShouldBeAcceptedOnceAcrossInstancesLeadChangesAndRestarts() {
        SharedInfra.postgres().createDatabase(name);
        long now = System.currentTimeMillis();
        ConfigurableApplicationContext first = start(true);
        try {
            Api operator = new Api(url(first));
            String pk = operator.createProduct("MQTT");
            operator.grant(pk, 5);
            String ds = operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "st-1", "authType", "STATIC"))
                    .text("deviceSecret");
            DeviceSigner device = new DeviceSigner(pk, "st-1");
            assertDecision(gateway(first).post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 3)), "allow", null);
            ReplayClaims firstClaims = claims(first);
            await().atMost(WAIT).until(() -> firstClaims.route() == Route.MEMORY);

            String toFirst = device.connectJson(ds, "c", now - 2);
            String toSecond = device.connectJson(ds, "c", now - 1);
            try (ConfigurableApplicationContext second = start(false, "--roster.auth.device-connect-cap=3")) {
                // the second instance forwards its claims to the first, which leads them, over the decision port
                assertThat(claims(second).route()).isEqualTo(Route.FORWARD);
                assertDecision(gateway(first).post("/api/v1/auth/connect", toFirst), "allow", null);
                assertDecision(gateway(second).post("/api/v1/auth/connect", toFirst), "deny", "REPLAYED");
                assertDecision(gateway(second).post("/api/v1/auth/connect", toSecond), "allow", null);
                assertDecision(gateway(first).post("/api/v1/auth/connect", toSecond), "deny", "REPLAYED");

                // on the follower's decision port, the claim is forwarded from the event loop that decides
                String onDecisionPorts = device.connectJson(ds, "c", now - 6);
                Api secondDecisions = new Api(decisionUrl(second), gatewayToken());
                Api firstDecisions = new Api(decisionUrl(first), gatewayToken());
                assertDecision(secondDecisions.post("/api/v1/auth/connect", onDecisionPorts), "allow", null);
                assertDecision(firstDecisions.post("/api/v1/auth/connect", onDecisionPorts), "deny", "REPLAYED");
                assertDecision(secondDecisions.post("/api/v1/auth/connect", onDecisionPorts), "deny", "REPLAYED");

                // forwarded claims are taken only from an instance of the deployment, and only by the lead
                Api internal = new Api(decisionUrl(second));
                assertThat(internal.post(ForwardedClaims.PATH, "{\"claims\":[]}").status()).isEqualTo(401);
                ForwardedClaims wire = second.getBean(ForwardedClaims.class);
                byte[] body = wire.request(List.of(new Claim(UUID.randomUUID(), Instant.now().plusSeconds(60))));
                Response notLead = internal.post(ForwardedClaims.PATH, new String(body, StandardCharsets.UTF_8),
                        Map.of(ForwardedClaims.TAG_HEADER, wire.tagRequest(body)));
                assertThat(notLead.status()).as("%s", notLead.body()).isEqualTo(409);
                assertThat(notLead.text("error")).isEqualTo("NOT_LEADING");

                // the lead stops: the second takes the lead with every claim the first decided from memory
                first.close();
                await().atMost(WAIT).until(() -> claims(second).route() == Route.MEMORY);
                assertDecision(gateway(second).post("/api/v1/auth/connect", toFirst), "deny", "REPLAYED");
                // the replays refused above gave its connection back: the device's cap of 3 is one new connection away
                assertDecision(gateway(second).post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 4)), "allow", null);
                assertDecision(gateway(second).post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 5)),
                        "deny", "RATE_LIMITED");
            }

            first = start(true);
            assertDecision(gateway(first).post("/api/v1/auth/connect", toFirst), "deny", "REPLAYED");
            ConfigurableApplicationContext restarted = first;
            await().atMost(WAIT).until(() -> claims(restarted).route() == Route.MEMORY);
            assertDecision(gateway(first).post("/api/v1/auth/connect", toSecond), "deny", "REPLAYED");
            assertDecision(gateway(first).post("/api/v1/auth/connect", device.connectJson(ds, "c", now)), "allow", null);
        } finally {
            first.close();
        }
    }
}
