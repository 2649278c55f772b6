package io.roster.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.readside.fixture.ReadSideDriver;
import io.roster.contract.readside.fixture.ReadSideScenarios;
import io.roster.contract.readside.fixture.TestHttp.Answer;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.event.CrossRegionDeviceConnected;
import io.roster.contract.event.CrossRegionDeviceRemoved;
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.CrossRegionFingerprintPinned;
import io.roster.contract.event.CrossRegionProposalRejected;
import io.roster.contract.event.CrossRegionSecretIssued;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceCrossRegionDisabled;
import io.roster.contract.event.DeviceCrossRegionEnabled;
import io.roster.contract.event.ProductReplicated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.roster.contract.readside.fixture.ReadSideDriver.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * activation-ledger end to end: events go to the topic as device-command writes them, answers come
 * over real HTTP ({@link ReadSideScenarios}). Subclasses say which Kafka and MongoDB to run against.
 */
abstract class LedgerScenarios extends ReadSideScenarios {

    static final String SHORT_NAME = "ledger";
    static final String SERVICE = "activation-ledger";
    private static final EventCodec CODEC = new EventCodec();

    LedgerScenarios() {
        super("ledger-it");
    }

    @Test
    void balanceFollowsTheCodeRules() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Thermostat", Protocol.MQTT, NodeType.DIRECT);
        h.granted(10);
        h.added("d-1", AuthType.DYNAMIC);
        h.added("d-2", AuthType.STATIC);
        h.added("d-3", AuthType.X509);
        h.activated("d-1", AuthType.DYNAMIC);
        h.deleted("d-2");
        h.deleted("d-1");
        h.added("d-1", AuthType.DYNAMIC);
        h.activated("d-1", AuthType.DYNAMIC);
        h.granted(5);

        driver.publishAndAwait(h.envelopes());

        JsonNode balance = driver.ok("/api/v1/products/" + h.productKey() + "/balance");
        assertThat(balance.get("productKey").asText()).isEqualTo(h.productKey());
        assertThat(balance.get("granted").asLong()).isEqualTo(15);
        assertThat(balance.get("reserved").asLong()).as("d-3 waits for its activation").isEqualTo(1);
        assertThat(balance.get("consumed").asLong()).as("d-1 consumed one code, once").isEqualTo(1);
        assertThat(balance.get("refunded").asLong()).as("d-2 was deleted before its activation").isEqualTo(1);
        assertThat(balance.get("available").asLong()).isEqualTo(h.available()).isEqualTo(13);
        assertThat(charged(h, "d-1")).isTrue();
        assertThat(charged(h, "d-2")).isFalse();
        assertThat(charged(h, "d-3")).isFalse();
        assertThat(charged(h, "never-added")).isFalse();
    }

    @Test
    void aVisitingRegionsLedgerMovesNoCode() {
        String productKey = "pk-" + UUID.randomUUID().toString().substring(0, 8);
        EncryptedSecret cipher = new EncryptedSecret("kek-1", "Y3Jvc3MtcmVnaW9uLWNpcGhlcg");
        List<RosterEvent> events = List.of(
                new ProductReplicated(productKey, "region-2", 4, "Tracker", Protocol.MQTT, NodeType.DIRECT, cipher,
                        List.of()),
                new CrossRegionDeviceReplicated(productKey, "t-1", "region-2", 5, AuthType.DYNAMIC, "SN-1", null,
                        null, List.of(), false),
                new CrossRegionDeviceReplicated(productKey, "t-2", "region-2", 6, AuthType.X509, "SN-2", null,
                        null, List.of(), true),
                new CrossRegionDeviceConnected(productKey, "t-1", "region-2", 5),
                new CrossRegionSecretIssued(productKey, "t-1", "region-2", 5, cipher),
                new CrossRegionDeviceConnected(productKey, "t-2", "region-2", 6),
                new CrossRegionFingerprintPinned(productKey, "t-2", "region-2", 6, "ab".repeat(32)),
                new CrossRegionDeviceRemoved(productKey, "t-1", "region-2", 7));

        driver.publishAndAwait(recorded(productKey, events));

        JsonNode balance = driver.ok("/api/v1/products/" + productKey + "/balance");
        for (String total : List.of("granted", "reserved", "consumed", "refunded", "available")) {
            assertThat(balance.get(total).asLong()).as(total).isZero();
        }
        assertThat(driver.ok("/api/v1/products/" + productKey + "/entries").get("total").asLong()).isZero();
        assertThat(driver.ok("/api/v1/products/" + productKey + "/devices/t-2/charged").get("charged").asBoolean())
                .isFalse();
    }

    @Test
    void crossRegionSelectionAndRejectedProposalsMakeNoEntryAtHome() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Meter", Protocol.MQTT, NodeType.DIRECT);
        h.granted(3);
        h.added("m-1", AuthType.DYNAMIC);
        List<EventEnvelope> events = new ArrayList<>(h.envelopes());
        List<RosterEvent> crossRegion = List.of(
                new DeviceCrossRegionEnabled(h.productKey(), "m-1", AuthType.DYNAMIC, null, null, null, List.of(),
                        false),
                new CrossRegionProposalRejected(h.productKey(), "m-1", "region-2", "DEVICE_SECRET", "held another"),
                new DeviceActivated(h.productKey(), "m-1", AuthType.DYNAMIC, true),
                new DeviceCrossRegionDisabled(h.productKey(), "m-1"));
        for (RosterEvent event : crossRegion) {
            events.add(CODEC.envelope(UUID.randomUUID().toString(), h.productKey(), events.size(),
                    Instant.parse("2025-01-02T00:00:00Z").plusSeconds(events.size()), ProductHistory.REGION, event));
        }

        driver.publishAndAwait(events);

        JsonNode balance = driver.ok("/api/v1/products/" + h.productKey() + "/balance");
        assertThat(balance.get("granted").asLong()).isEqualTo(3);
        assertThat(balance.get("consumed").asLong()).as("the activation a visit caused is an ordinary one").isEqualTo(1);
        assertThat(balance.get("available").asLong()).isEqualTo(2);
        JsonNode entries = driver.ok("/api/v1/products/" + h.productKey() + "/entries");
        List<String> kinds = new ArrayList<>();
        entries.get("items").forEach(entry -> kinds.add(entry.get("kind").asText()));
        assertThat(kinds).containsExactly("GRANT", "RESERVE", "CONSUME");
    }

    private static List<EventEnvelope> recorded(String productKey, List<RosterEvent> events) {
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (RosterEvent event : events) {
            envelopes.add(CODEC.envelope(UUID.randomUUID().toString(), productKey, envelopes.size(),
                    Instant.parse("2025-03-01T00:00:00Z").plusSeconds(envelopes.size()), ProductHistory.REGION, event));
        }
        return envelopes;
    }

    @Test
    void entriesArePagedInOrderAndFilteredByKind() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Meter", Protocol.LWM2M, NodeType.DIRECT);
        h.granted(3);
        h.added("m-1", AuthType.DYNAMIC);
        h.added("m-2", AuthType.DYNAMIC);
        h.activated("m-1", AuthType.DYNAMIC);
        h.deleted("m-2");
        driver.publishAndAwait(h.envelopes());
        String entries = "/api/v1/products/" + h.productKey() + "/entries";

        JsonNode all = driver.ok(entries);
        JsonNode second = driver.ok(entries + "?page=1&size=2");
        JsonNode refunds = driver.ok(entries + "?kind=REFUND");

        assertThat(kinds(all)).containsExactly("GRANT", "RESERVE", "RESERVE", "CONSUME", "REFUND");
        assertThat(all.get("total").asLong()).isEqualTo(5);
        assertThat(all.get("items").get(0).get("count").asLong()).isEqualTo(3);
        assertThat(all.get("items").get(0).get("deviceKey").isNull()).isTrue();
        assertThat(all.get("items").get(0).get("eventId").asText()).isEqualTo(h.envelopes().get(1).eventId());
        assertThat(kinds(second)).containsExactly("RESERVE", "CONSUME");
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("size").asInt()).isEqualTo(2);
        assertThat(refunds.get("total").asLong()).isEqualTo(1);
        assertThat(refunds.get("items").get(0).get("deviceKey").asText()).isEqualTo("m-2");
        assertThat(refunds.get("items").get(0).get("seq").asLong()).isEqualTo(5);
    }

    @Test
    void redeliveredEventsChangeNothing() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Sensor", Protocol.COAP, NodeType.SUB_DEVICE);
        h.granted(4);
        h.added("s-1", AuthType.DYNAMIC);
        h.added("s-2", AuthType.X509);
        h.activated("s-1", AuthType.DYNAMIC);
        h.deleted("s-2");
        driver.publishAndAwait(h.envelopes());
        String balance = http.get("/api/v1/products/" + h.productKey() + "/balance").body();
        String entries = http.get("/api/v1/products/" + h.productKey() + "/entries").body();
        JsonNode digest = driver.ok("/api/v1/admin/digest");

        driver.publishAndAwait(h.envelopes());
        driver.publishAndAwait(h.envelopes().subList(2, 5));

        assertThat(http.get("/api/v1/products/" + h.productKey() + "/balance").body()).isEqualTo(balance);
        assertThat(http.get("/api/v1/products/" + h.productKey() + "/entries").body()).isEqualTo(entries);
        assertThat(driver.ok("/api/v1/admin/digest")).isEqualTo(digest);
    }

    @Test
    void rebuildGivesTheSameDigest() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Valve", Protocol.MQTT, NodeType.DIRECT);
        h.granted(3);
        h.added("v-1", AuthType.STATIC);
        h.added("v-2", AuthType.DYNAMIC);
        h.activated("v-2", AuthType.DYNAMIC);
        h.deleted("v-1");
        driver.publishAndAwait(h.envelopes());
        JsonNode before = driver.ok("/api/v1/admin/digest");
        assertThat(before.get("algorithm").asText()).isEqualTo("SHA-256");
        assertThat(before.get("counts").get("entries").asLong()).isPositive();
        assertThat(before.get("counts").get("charged").asLong()).isPositive();

        Answer rebuild = http.post("/api/v1/admin/rebuild");

        assertThat(rebuild.status()).isEqualTo(202);
        assertThat(rebuild.json().get("status").asText()).isEqualTo("REBUILDING");
        await().atMost(ReadSideDriver.PATIENCE).untilAsserted(() -> assertThat(driver.ok("/api/v1/admin/digest")).isEqualTo(before));
        assertThat(driver.ok("/api/v1/products/" + h.productKey() + "/balance").get("consumed").asLong()).isEqualTo(1);
    }

    @Test
    void badParametersAreRefusedWithAJsonError() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Bulb", Protocol.MQTT, NodeType.DIRECT);
        driver.publishAndAwait(h.envelopes());
        String entries = "/api/v1/products/" + h.productKey() + "/entries";

        for (String query : List.of("?size=0", "?size=501", "?page=-1", "?page=x", "?kind=FOO", "?kind=grant")) {
            Answer answer = http.get(entries + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).as(query).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().get("message").asText()).as(query).isNotBlank();
        }
        assertThat(http.get(entries + "?kind=FOO").json().get("message").asText())
                .contains("GRANT, RESERVE, REFUND, CONSUME, NOT_CHARGED");
        assertError(http.get("/api/v1/products/no-such-product/balance"), 404, "UNKNOWN_PRODUCT");
        assertError(http.get("/api/v1/products/no-such-product/entries"), 404, "UNKNOWN_PRODUCT");
        assertError(http.get("/api/v1/products/no-such-product/devices/d/charged"), 404, "UNKNOWN_PRODUCT");
        assertError(http.get(entries + "?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"), 400, "VALIDATION_FAILED");
        assertError(http.get(entries + "?from=yesterday"), 400, "VALIDATION_FAILED");
        assertError(http.get("/api/v1/products/" + h.productKey() + "/balance?asOf=noon"), 400, "VALIDATION_FAILED");
        assertError(http.get("/api/v1/entries?kind=FOO"), 400, "VALIDATION_FAILED");
        assertError(http.get("/api/v1/nothing-here"), 404, "NOT_FOUND");
        assertError(http.get("/api/v1/admin/rebuild"), 405, "METHOD_NOT_ALLOWED");
        // a method the role table does not list is refused before it reaches the API
        assertError(http.post("/api/v1/products/" + h.productKey() + "/balance"), 403, "FORBIDDEN");
    }

    @Test
    void healthIsUpAndTheApiIsDescribed() {
        JsonNode health = driver.ok("/actuator/health");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode stream = health.get("components").get("eventStream");
        assertThat(stream.get("status").asText()).isEqualTo("UP");
        assertThat(stream.get("details").get("running").asBoolean()).isTrue();

        JsonNode api = driver.ok("/v3/api-docs");
        assertThat(api.get("paths").has("/api/v1/products/{productKey}/balance")).isTrue();
        assertThat(api.get("paths").has("/api/v1/products/{productKey}/devices/{deviceKey}/charged")).isTrue();
        assertThat(driver.ok("/actuator/metrics/roster.ledger.drift").get("name").asText()).isEqualTo("roster.ledger.drift");
    }

    @Test
    void theWorkedExampleOfDocsLedger() {
        // docs/ledger.md: grant 10, add 3, activate 2, delete one activated and one not, re-add the activated one
        ProductHistory h = ProductHistory.random("pk");
        h.created("Tracker", Protocol.MQTT, NodeType.DIRECT);
        h.granted(10);
        h.added("a", AuthType.DYNAMIC);
        h.added("b", AuthType.DYNAMIC);
        h.added("c", AuthType.DYNAMIC);
        h.activated("a", AuthType.DYNAMIC);
        EventEnvelope consumedB = h.activated("b", AuthType.DYNAMIC);
        h.deleted("b");
        h.deleted("c");
        h.added("b", AuthType.DYNAMIC);
        driver.publishAndAwait(h.envelopes());
        String product = "/api/v1/products/" + h.productKey();

        JsonNode balance = driver.ok(product + "/balance");
        JsonNode entries = driver.ok(product + "/entries?size=50");
        JsonNode chargedB = driver.ok(product + "/devices/b/charged");

        assertThat(balance.get("consumed").asLong()).isEqualTo(2);
        assertThat(balance.get("available").asLong()).isEqualTo(8).isEqualTo(h.available());
        assertThat(balance.get("reserved").asLong()).isZero();
        assertThat(balance.get("refunded").asLong()).isEqualTo(1);
        assertThat(balance.get("seq").asLong()).isEqualTo(h.last().sequenceNumber());
        assertThat(kinds(entries)).containsExactly("GRANT", "RESERVE", "RESERVE", "RESERVE", "CONSUME", "CONSUME",
                "REFUND", "NOT_CHARGED");
        JsonNode last = entries.get("items").get(7);
        assertThat(last.get("eventId").asText()).isEqualTo(h.last().eventId());
        assertThat(last.get("count").asLong()).isZero();
        assertThat(last.get("after").get("available").asLong()).isEqualTo(8);
        assertThat(chargedB.get("charged").asBoolean()).isTrue();
        assertThat(chargedB.get("entry").get("kind").asText()).isEqualTo("CONSUME");
        assertThat(chargedB.get("entry").get("eventId").asText()).isEqualTo(consumedB.eventId());
        assertThat(driver.ok(product + "/devices/c/charged").get("entry").isNull()).isTrue();
    }

    @Test
    void theBalanceAtAnyPastInstantComesFromTheEntries() {
        // one event a second from the history's start
        Instant start = Instant.parse("2025-03-01T00:00:00Z");
        ProductHistory h = new ProductHistory("pk-" + UUID.randomUUID().toString().substring(0, 8), start);
        h.created("Meter", Protocol.LWM2M, NodeType.DIRECT);   // 0 s
        h.granted(5);                                         // 1 s
        h.added("m-1", AuthType.DYNAMIC);                     // 2 s
        h.added("m-2", AuthType.DYNAMIC);                     // 3 s
        h.activated("m-1", AuthType.DYNAMIC);                 // 4 s
        h.deleted("m-2");                                     // 5 s
        driver.publishAndAwait(h.envelopes());
        String balance = "/api/v1/products/" + h.productKey() + "/balance?asOf=";

        JsonNode beforeAnyCode = driver.ok(balance + start.plusMillis(500));
        JsonNode afterTwoAdds = driver.ok(balance + start.plusMillis(3500));
        JsonNode exactlyAtTheActivation = driver.ok(balance + start.plusSeconds(4));
        JsonNode later = driver.ok(balance + start.plus(Duration.ofDays(400)));

        assertThat(beforeAnyCode.get("granted").asLong()).isZero();
        assertThat(beforeAnyCode.get("seq").asLong()).isEqualTo(-1);
        assertThat(afterTwoAdds.get("reserved").asLong()).isEqualTo(2);
        assertThat(afterTwoAdds.get("available").asLong()).isEqualTo(3);
        assertThat(afterTwoAdds.get("seq").asLong()).isEqualTo(3);
        assertThat(afterTwoAdds.get("asOf").asText()).isEqualTo(start.plusMillis(3500).toString());
        assertThat(exactlyAtTheActivation.get("consumed").asLong()).isEqualTo(1);
        assertThat(exactlyAtTheActivation.get("reserved").asLong()).isEqualTo(1);
        assertThat(later.get("available").asLong()).isEqualTo(4);
        assertThat(later.get("refunded").asLong()).isEqualTo(1);

        String entries = "/api/v1/products/" + h.productKey() + "/entries?from=" + start.plusSeconds(2) + "&to="
                + start.plusSeconds(5);
        assertThat(kinds(driver.ok(entries))).as("from is inclusive, to exclusive").containsExactly("RESERVE", "RESERVE",
                "CONSUME");
        assertThat(kinds(driver.ok(entries + "&kind=RESERVE"))).containsExactly("RESERVE", "RESERVE");
    }

    @Test
    void totalsAndEntriesOverAllProducts() {
        // an era no other history uses, so the totals at an instant in it count these two products only
        Instant start = Instant.parse("1999-06-01T00:00:00Z");
        ProductHistory one = new ProductHistory("pk-" + UUID.randomUUID().toString().substring(0, 8), start);
        ProductHistory two = new ProductHistory("pk-" + UUID.randomUUID().toString().substring(0, 8), start);
        one.created("One", Protocol.MQTT, NodeType.DIRECT);
        one.granted(3);
        one.added("x", AuthType.DYNAMIC);
        two.created("Two", Protocol.MQTT, NodeType.DIRECT);
        two.granted(7);
        two.added("y", AuthType.DYNAMIC);
        two.activated("y", AuthType.DYNAMIC);
        List<EventEnvelope> both = new ArrayList<>(one.envelopes());
        both.addAll(two.envelopes());
        driver.publishAndAwait(both);
        Instant inTheEra = start.plus(Duration.ofDays(1));

        JsonNode totals = driver.ok("/api/v1/balance?asOf=" + inTheEra);
        JsonNode now = driver.ok("/api/v1/balance");
        JsonNode grants = driver.ok("/api/v1/entries?kind=GRANT&from=" + start + "&to=" + inTheEra);

        assertThat(totals.get("products").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(totals.get("granted").asLong()).isEqualTo(10);
        assertThat(totals.get("reserved").asLong()).isEqualTo(1);
        assertThat(totals.get("consumed").asLong()).isEqualTo(1);
        assertThat(totals.get("available").asLong()).isEqualTo(8);
        assertThat(now.get("granted").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(now.get("asOf").isNull()).isTrue();
        assertThat(grants.get("total").asLong()).isEqualTo(2);
        assertThat(grants.get("items")).extracting(item -> item.get("productKey").asText())
                .containsExactlyInAnyOrder(one.productKey(), two.productKey());
    }

    @Test
    void reconciliationNeedsTheCommandSide() {
        // this ledger runs without ROSTER_COMMAND_URL: it says so instead of pretending to be reconciled
        assertError(http.get("/api/v1/reconciliation"), 503, "RECONCILIATION_NOT_CONFIGURED");
        assertError(http.get("/api/v1/reconciliation/last"), 503, "RECONCILIATION_NOT_CONFIGURED");
    }

    private boolean charged(ProductHistory h, String deviceKey) {
        JsonNode answer = driver.ok("/api/v1/products/" + h.productKey() + "/devices/" + deviceKey + "/charged");
        assertThat(answer.get("deviceKey").asText()).isEqualTo(deviceKey);
        return answer.get("charged").asBoolean();
    }

    private static List<String> kinds(JsonNode page) {
        List<String> kinds = new ArrayList<>();
        page.get("items").forEach(item -> kinds.add(item.get("kind").asText()));
        return kinds;
    }
}
