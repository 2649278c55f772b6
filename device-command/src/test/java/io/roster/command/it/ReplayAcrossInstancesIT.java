package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.it.Api.Response;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two device-command instances on one PostgreSQL event store, and one of them restarted: a captured signed request
 * is accepted once, wherever it is sent and whenever within its window (docs/security.md, "Replay protection").
 */
class ReplayAcrossInstancesIT {

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
        return new Api(url(context), SharedInfra.tokens().mint("gw", List.of("gateway"), Duration.ofMinutes(5)));
    }

    private static void assertDecision(Response response, String result, String reason) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
        assertThat(response.text("result")).as("%s", response.body()).isEqualTo(result);
        if (reason != null) {
            assertThat(response.text("reason")).isEqualTo(reason);
        }
    }

    @Test
    void aCapturedRequestShouldBeAcceptedOnceAcrossInstancesAndRestarts() {
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

            String toFirst = device.connectJson(ds, "c", now - 2);
            String toSecond = device.connectJson(ds, "c", now - 1);
            try (ConfigurableApplicationContext second = start(false, "--roster.auth.device-connect-cap=2")) {
                assertDecision(gateway(first).post("/api/v1/auth/connect", toFirst), "allow", null);
                assertDecision(gateway(second).post("/api/v1/auth/connect", toFirst), "deny", "REPLAYED");
                assertDecision(gateway(second).post("/api/v1/auth/connect", toSecond), "allow", null);
                assertDecision(gateway(first).post("/api/v1/auth/connect", toSecond), "deny", "REPLAYED");
                // the replay refused above gave its connection back: the device's cap of 2 is one new connection away
                assertDecision(gateway(second).post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 4)), "allow", null);
                assertDecision(gateway(second).post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 5)),
                        "deny", "RATE_LIMITED");
            }
            first.close();

            first = start(true);
            assertDecision(gateway(first).post("/api/v1/auth/connect", toFirst), "deny", "REPLAYED");
            assertDecision(gateway(first).post("/api/v1/auth/connect", toSecond), "deny", "REPLAYED");
            assertDecision(gateway(first).post("/api/v1/auth/connect", device.connectJson(ds, "c", now)), "allow", null);
        } finally {
            first.close();
        }
    }
}
