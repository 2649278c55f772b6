package io.roster.command.it;

import com.mongodb.client.MongoClient;
import io.roster.command.CommandApplication;
import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("mongo")
class MongoDeviceCommandIT extends DeviceCommandContractIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.mongo(registry, "cmd_mongo_it");
    }

    @Autowired
    MongoClient mongo;
    @Value("${roster.mongo.database}")
    String database;

    @Override
    String storedEventText(String productKey) {
        List<String> all = new ArrayList<>();
        for (String collection : List.of("domainevents", "snapshotevents", "idempotency")) {
            mongo.getDatabase(database).getCollection(collection).find().map(Document::toJson).into(all);
        }
        return String.join("\n", all);
    }

    /**
     * An event is stamped when its command runs and becomes visible when the command commits. One that
     * commits well after an event of another product was already read must still reach Kafka: with Axon's
     * default one-second look-back it never did.
     */
    @Test
    void eventVisibleSecondsAfterItsTimestampShouldStillBePublished() {
        String early = api.createProduct("MQTT");
        api.grant(early, 1);
        String late = api.createProduct("MQTT");
        api.grant(late, 1);
        await().untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, topic))
                .filteredOn(r -> late.equals(r.key())).hasSize(2));

        Clock running = GenericEventMessage.clock;
        GenericEventMessage.clock = Clock.offset(running, Duration.ofSeconds(-4));
        try {
            assertThat(api.post("/api/v1/products/" + late + "/devices", Map.of("deviceKey", "stamped-early",
                    "authType", "DYNAMIC")).status()).isEqualTo(201);
        } finally {
            GenericEventMessage.clock = running;
        }
        assertThat(api.post("/api/v1/products/" + early + "/devices", Map.of("deviceKey", "after",
                "authType", "DYNAMIC")).status()).isEqualTo(201);

        await().untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, topic))
                .filteredOn(r -> late.equals(r.key()) || early.equals(r.key()))
                .extracting(r -> r.envelope().deviceKey())
                .contains("stamped-early", "after"));
    }
}
