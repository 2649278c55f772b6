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
    boolean streamMaySkipCommits() {
        return true;
    }

    @Override
    String storedEventText(String productKey) {
        List<String> all = new ArrayList<>();
        for (String collection : List.of("domainevents", "snapshotevents", "idempotency")) {
            mongo.getDatabase(database).getCollection(collection).find().map(Document::toJson).into(all);
        }
        return String.join("\n", all);
    }

    /**
     * An event is stamped when its command runs and becomes visible when the command commits. Events that
     * commit after the stream has read newer events of another product, by more than its look-back, are
     * skipped by the stream; they are published from the event store, in order, once the product's next
     * event shows the gap (or, for the last ones, once the stream is past them).
     */
    @Test
    void eventsVisibleSecondsAfterTheirTimestampShouldStillBePublishedOnceInOrder() {
        String other = product(2);
        String late = product(3);
        awaitOnTopic(late, 2);

        addStampedEarly(late, "within-look-back", Duration.ofSeconds(2));
        addStampedEarly(late, "beyond-look-back", Duration.ofSeconds(20));
        assertThat(add(other, "moves-the-reader-on")).isEqualTo(201);
        awaitOnTopic(other, 3);
        assertThat(add(late, "shows-the-gap")).isEqualTo(201);

        awaitOnTopic(late, 5);
        List<TopicReader.Read> reads = TopicReader.readAll(bootstrap, topic).stream()
                .filter(r -> late.equals(r.key())).toList();
        assertThat(reads).extracting(r -> r.envelope().sequenceNumber()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(reads).extracting(r -> r.envelope().deviceKey()).endsWith("within-look-back", "beyond-look-back",
                "shows-the-gap");
    }

    /** A product's last event, skipped by the stream, has no later event to show the gap: it is published anyway. */
    @Test
    void lastEventOfAnIdleProductSkippedByTheStreamShouldStillBePublished() {
        String other = product(5);
        String idle = product(1);
        awaitOnTopic(idle, 2);

        addStampedEarly(idle, "last-and-late", Duration.ofSeconds(20));
        assertThat(add(other, "moves-the-reader-on")).isEqualTo(201);

        await().untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, topic))
                .filteredOn(r -> idle.equals(r.key()))
                .extracting(r -> r.envelope().sequenceNumber() + " " + r.envelope().deviceKey())
                .containsExactly("0 null", "1 null", "2 last-and-late"));
    }

    /** An MQTT product with that many activation codes. */
    private String product(int codes) {
        String productKey = api.createProduct("MQTT");
        api.grant(productKey, codes);
        return productKey;
    }

    private void awaitOnTopic(String productKey, int records) {
        await().untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, topic))
                .filteredOn(r -> productKey.equals(r.key())).hasSize(records));
    }

    private int add(String productKey, String deviceKey) {
        return api.post("/api/v1/products/" + productKey + "/devices", Map.of("deviceKey", deviceKey,
                "authType", "DYNAMIC")).status();
    }

    /** Adds a device whose event carries a timestamp that much earlier than its commit. */
    private void addStampedEarly(String productKey, String deviceKey, Duration early) {
        Clock running = GenericEventMessage.clock;
        GenericEventMessage.clock = Clock.offset(running, early.negated());
        try {
            assertThat(add(productKey, deviceKey)).isEqualTo(201);
        } finally {
            GenericEventMessage.clock = running;
        }
    }
}
