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
import static org.awaitility.Awaitility.await;

/**
 * The publishing instance restarted while Kafka is down still starts, serves commands and connection decisions, and
 * publishes what it committed once Kafka answers (docs/operations.md, "Kafka outage").
 */
class KafkaOutageStartIT {

    private final String name = TestStack.unique("outage");

    private ConfigurableApplicationContext start(String bootstrap) {
        List<String> args = TestStack.standalonePostgres(name);
        args.add("--roster.kafka.bootstrap-servers=" + bootstrap);
        args.add("--roster.auth.decision-port=-1");
        return new SpringApplicationBuilder(CommandApplication.class).run(args.toArray(String[]::new));
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void aRestartWhileKafkaIsDownShouldStillDecideAndLaterPublish() throws Exception {
        SharedInfra.postgres().createDatabase(name);
        String pk;
        String before;
        try (ConfigurableApplicationContext running = start(SharedInfra.kafka().bootstrapServers())) {
            Api api = new Api(url(running));
            pk = api.createProduct("MQTT");
            api.grant(pk, 10);
            before = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "before", "authType", "STATIC"))
                    .text("deviceSecret");
        }

        try (TcpForwarder kafka = new TcpForwarder(TcpForwarder.freePort(), SharedInfra.kafka().bootstrapServers());
             ConfigurableApplicationContext restarted = start(kafka.address())) {
            Api api = new Api(url(restarted));
            Api gateway = new Api(url(restarted), SharedInfra.tokens().mint("gw", List.of("gateway"), Duration.ofMinutes(5)));
            assertAllowed(gateway.post("/api/v1/auth/connect",
                    new DeviceSigner(pk, "before").connectJson(before, "c-before", System.currentTimeMillis())));
            Response added = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "during", "authType", "STATIC"));
            assertThat(added.status()).as("%s", added.body()).isEqualTo(201);
            assertAllowed(gateway.post("/api/v1/auth/connect",
                    new DeviceSigner(pk, "during").connectJson(added.text("deviceSecret"), "c-during", System.currentTimeMillis())));

            kafka.open();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                List<String> addedOnTopic = TopicReader.readAll(SharedInfra.kafka().bootstrapServers(), name + ".events")
                        .stream().filter(r -> "DeviceAdded".equals(r.envelope().type()))
                        .map(r -> r.envelope().deviceKey()).toList();
                assertThat(addedOnTopic).containsExactlyInAnyOrder("before", "during");
            });
        }
    }

    private static void assertAllowed(Response r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.text("result")).as("%s", r.body()).isEqualTo("allow");
    }
}
