package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.it.TopicReader.Read;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart of device-command neither loses nor republishes events, even when the publisher's
 * position was lost altogether and it reads the event store again from the start.
 */
class PublisherRestartIT {

    private final String name = TestStack.unique("restart");
    private final String topic = name + ".events";

    private ConfigurableApplicationContext start() {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("spring.profiles.active", "postgres");
        props.put("spring.datasource.url", SharedInfra.postgres().jdbcUrl(name));
        props.put("spring.datasource.username", SharedInfra.postgres().user());
        props.put("spring.datasource.password", SharedInfra.postgres().password());
        props.put("roster.kafka.bootstrap-servers", SharedInfra.kafka().bootstrapServers());
        props.put("roster.kafka.topic", topic);
        props.put("roster.kafka.partitions", "3");
        props.put("roster.kafka.publisher-batch-size", "7");
        props.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", SharedInfra.tokens().jwksUri());
        props.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", SharedInfra.tokens().issuer());
        return new SpringApplicationBuilder(CommandApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static void addDevices(Api api, String pk, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(api.post("/api/v1/products/" + pk + "/devices",
                    Map.of("deviceKey", prefix + i, "authType", "DYNAMIC")).status()).isEqualTo(201);
        }
    }

    @Test
    void restartShouldNeitherLoseNorRepublishEvenWithoutItsToken() {
        SharedInfra.postgres().createDatabase(name);
        String pk;
        try (ConfigurableApplicationContext first = start()) {
            Api api = api(first);
            pk = api.createProduct("MQTT");
            api.grant(pk, 100);
            addDevices(api, pk, "a", 20);
            await().until(() -> TopicReader.readAll(SharedInfra.kafka().bootstrapServers(), topic).size() == 22);
        }
        new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                SharedInfra.postgres().jdbcUrl(name), SharedInfra.postgres().user(), SharedInfra.postgres().password()))
                .update("delete from tokenentry where processorname = 'kafka-publisher'");

        try (ConfigurableApplicationContext second = start()) {
            addDevices(api(second), pk, "b", 10);
            await().until(() -> TopicReader.readAll(SharedInfra.kafka().bootstrapServers(), topic).size() >= 32);
        }

        List<Read> reads = TopicReader.readAll(SharedInfra.kafka().bootstrapServers(), topic);
        assertThat(reads).hasSize(32);
        Map<Long, Long> perSequence = reads.stream()
                .collect(Collectors.groupingBy(r -> r.envelope().sequenceNumber(), Collectors.counting()));
        assertThat(perSequence).hasSize(32).allSatisfy((seq, count) -> assertThat(count).isEqualTo(1));
        assertThat(reads.stream().map(r -> r.envelope().eventId()).collect(Collectors.toMap(Function.identity(), e -> 1)))
                .hasSize(32);
    }
}
