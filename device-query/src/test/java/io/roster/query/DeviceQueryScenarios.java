package io.roster.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.readside.fixture.ReadSideDriver;
import io.roster.contract.readside.fixture.ReadSideScenarios;
import io.roster.contract.readside.fixture.TestHttp.Answer;
import io.roster.contract.event.DeviceCrossRegionDisabled;
import io.roster.contract.event.DeviceCrossRegionEnabled;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.roster.contract.readside.fixture.ReadSideDriver.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * device-query end to end: events go to the topic as device-command writes them, answers come over
 * real HTTP ({@link ReadSideScenarios}). Subclasses say which Kafka and MongoDB to run against.
 */
abstract class DeviceQueryScenarios extends ReadSideScenarios {

    static final String SHORT_NAME = "query";
    static final String SERVICE = "device-query";
    private static final EventCodec CODEC = new EventCodec();

    DeviceQueryScenarios() {
        super("query-it");
    }

    @Test
    void productShowsItsCodesGrantedInUseAndAvailable() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Thermostat", Protocol.MQTT, NodeType.GATEWAY);
        h.granted(10);
        h.added("d-1", AuthType.STATIC);
        h.added("d-2", AuthType.DYNAMIC);
        h.added("d-3", AuthType.X509);
        h.activated("d-2", AuthType.DYNAMIC);
        h.deleted("d-1");
        h.deleted("d-2");
        h.granted(5);

        driver.publishAndAwait(h.envelopes());

        JsonNode product = driver.ok("/api/v1/products/" + h.productKey());
        assertThat(product.get("productKey").asText()).isEqualTo(h.productKey());
        assertThat(product.get("name").asText()).isEqualTo("Thermostat");
        assertThat(product.get("protocol").asText()).isEqualTo("MQTT");
        assertThat(product.get("nodeType").asText()).isEqualTo("GATEWAY");
        assertThat(product.get("codes").get("granted").asLong()).isEqualTo(15);
        assertThat(product.get("codes").get("inUse").asLong()).isEqualTo(2);
        assertThat(product.get("codes").get("available").asLong()).isEqualTo(13);
        assertThat(product.get("createdAt").asText()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void devicesArePagedSortedByKeyAndFiltered() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Meter", Protocol.LWM2M, NodeType.DIRECT);
        h.granted(30);
        AuthType[] types = {AuthType.DYNAMIC, AuthType.STATIC, AuthType.X509};
        for (int i = 24; i >= 0; i--) {
            h.added(String.format("dev-%02d", i), types[i % 3]);
        }
        for (int i = 0; i < 25; i += 4) {
            h.activated(String.format("dev-%02d", i), types[i % 3]);
        }
        h.deleted("dev-01");
        driver.publishAndAwait(h.envelopes());
        String devices = "/api/v1/products/" + h.productKey() + "/devices";

        JsonNode first = driver.ok(devices + "?page=0&size=10");
        JsonNode third = driver.ok(devices + "?page=2&size=10");

        assertThat(keys(first)).containsExactly("dev-00", "dev-02", "dev-03", "dev-04", "dev-05", "dev-06", "dev-07",
                "dev-08", "dev-09", "dev-10");
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(10);
        assertThat(first.get("total").asLong()).isEqualTo(24);
        assertThat(keys(third)).containsExactly("dev-21", "dev-22", "dev-23", "dev-24");
        assertThat(driver.ok(devices).get("items")).hasSize(20);
        assertThat(driver.ok(devices + "?status=&authType=").get("total").asLong()).isEqualTo(24);
        assertThat(driver.ok(devices + "?status=ACTIVATED").get("total").asLong()).isEqualTo(7);
        assertThat(keys(driver.ok(devices + "?authType=X509&size=500"))).containsExactly("dev-02", "dev-05", "dev-08",
                "dev-11", "dev-14", "dev-17", "dev-20", "dev-23");
        assertThat(keys(driver.ok(devices + "?status=ACTIVATED&authType=DYNAMIC"))).containsExactly("dev-00", "dev-12",
                "dev-24");
        assertThat(driver.ok(devices + "?status=INACTIVE&page=9").get("items")).isEmpty();
    }

    @Test
    void deviceDetailsNeverShowASecret() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Camera", Protocol.MQTT, NodeType.DIRECT);
        h.granted(5);
        h.added("static-1", AuthType.STATIC, "SN-0001", true, null);
        h.added("x509-1", AuthType.X509, null, false, "0f".repeat(32));
        EventEnvelope activated = h.activated("x509-1", AuthType.X509);
        driver.publishAndAwait(h.envelopes());

        Answer staticDevice = http.get("/api/v1/products/" + h.productKey() + "/devices/static-1");
        JsonNode x509 = driver.ok("/api/v1/products/" + h.productKey() + "/devices/x509-1");

        assertThat(staticDevice.status()).isEqualTo(200);
        JsonNode d = staticDevice.json();
        assertThat(d.get("productKey").asText()).isEqualTo(h.productKey());
        assertThat(d.get("deviceKey").asText()).isEqualTo("static-1");
        assertThat(d.get("authType").asText()).isEqualTo("STATIC");
        assertThat(d.get("status").asText()).isEqualTo("INACTIVE");
        assertThat(d.get("sn").asText()).isEqualTo("SN-0001");
        assertThat(d.get("crossRegion").asBoolean()).isTrue();
        assertThat(d.get("addedAt").asText()).isEqualTo("2025-01-01T00:00:02Z");
        assertThat(d.get("activatedAt").isNull()).isTrue();
        assertThat(staticDevice.body()).doesNotContainIgnoringCase("secret")
                .doesNotContain(ProductHistory.staticSecretCipher("static-1"));
        assertThat(x509.get("status").asText()).isEqualTo("ACTIVATED");
        assertThat(x509.get("certificateFingerprint").asText()).isEqualTo("0f".repeat(32));
        assertThat(x509.get("activatedAt").asText()).isEqualTo(activated.timestamp().toString());
        assertThat(http.get("/api/v1/products/" + h.productKey()).body()).doesNotContainIgnoringCase("secret");
        assertThat(http.get("/api/v1/products/" + h.productKey() + "/devices").body())
                .doesNotContainIgnoringCase("secret");
        List<Document> stored = new ArrayList<>();
        database.getCollection("products").find(new Document("_id", h.productKey())).into(stored);
        database.getCollection("devices").find(new Document("productKey", h.productKey())).into(stored);
        assertThat(stored).hasSize(3).allSatisfy(doc -> assertThat(doc.toJson()).doesNotContainIgnoringCase("secret")
                .doesNotContain(ProductHistory.staticSecretCipher("static-1")));
    }

    @Test
    void deletedDeviceIsGoneUntilAddedAgain() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Lock", Protocol.MQTT, NodeType.DIRECT);
        h.granted(2);
        h.added("lock-1", AuthType.DYNAMIC, "SN-A", false, null);
        h.activated("lock-1", AuthType.DYNAMIC);
        h.deleted("lock-1");
        driver.publishAndAwait(h.envelopes());
        String device = "/api/v1/products/" + h.productKey() + "/devices/lock-1";

        Answer gone = http.get(device);

        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("UNKNOWN_DEVICE");
        assertThat(driver.ok("/api/v1/products/" + h.productKey() + "/devices").get("total").asLong()).isZero();

        EventEnvelope reAdded = h.added("lock-1", AuthType.STATIC, "SN-B", true, null);
        driver.publishAndAwait(List.of(reAdded));

        JsonNode back = driver.ok(device);
        assertThat(back.get("authType").asText()).isEqualTo("STATIC");
        assertThat(back.get("status").asText()).isEqualTo("INACTIVE");
        assertThat(back.get("sn").asText()).isEqualTo("SN-B");
        assertThat(back.get("activatedAt").isNull()).isTrue();
        assertThat(back.get("addedAt").asText()).isEqualTo(reAdded.timestamp().toString());
        assertThat(keys(driver.ok("/api/v1/products/" + h.productKey() + "/devices"))).containsExactly("lock-1");
        // activated before: the re-added device took no code, so the one code it consumed stays consumed
        assertThat(driver.ok("/api/v1/products/" + h.productKey()).get("codes").get("available").asLong()).isEqualTo(1);
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
        String product = http.get("/api/v1/products/" + h.productKey()).body();
        String list = http.get("/api/v1/products/" + h.productKey() + "/devices").body();
        JsonNode digest = driver.ok("/api/v1/admin/digest");

        driver.publishAndAwait(h.envelopes());
        driver.publishAndAwait(h.envelopes().subList(2, 4));

        assertThat(http.get("/api/v1/products/" + h.productKey()).body()).isEqualTo(product);
        assertThat(http.get("/api/v1/products/" + h.productKey() + "/devices").body()).isEqualTo(list);
        assertThat(driver.ok("/api/v1/admin/digest")).isEqualTo(digest);
    }

    @Test
    void aReplayedOlderAdditionDoesNotBringADeletedDeviceBack() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Plug", Protocol.HTTP, NodeType.DIRECT);
        h.granted(1);
        EventEnvelope added = h.added("plug-1", AuthType.DYNAMIC);
        h.deleted("plug-1");
        driver.publishAndAwait(h.envelopes());

        driver.publishAndAwait(List.of(added));

        assertThat(http.get("/api/v1/products/" + h.productKey() + "/devices/plug-1").status()).isEqualTo(404);
        assertThat(driver.ok("/api/v1/products/" + h.productKey() + "/devices").get("total").asLong()).isZero();
        assertThat(driver.ok("/api/v1/products/" + h.productKey()).get("codes").get("available").asLong()).isEqualTo(1);
    }

    @Test
    void rebuildGivesTheSameDigest() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Valve", Protocol.MQTT, NodeType.DIRECT);
        h.granted(3);
        h.added("v-1", AuthType.STATIC, "SN-V1", false, null);
        h.added("v-2", AuthType.DYNAMIC);
        h.activated("v-2", AuthType.DYNAMIC);
        h.deleted("v-1");
        driver.publishAndAwait(h.envelopes());
        JsonNode before = driver.ok("/api/v1/admin/digest");
        assertThat(before.get("algorithm").asText()).isEqualTo("SHA-256");
        assertThat(before.get("counts").get("products").asLong()).isPositive();
        assertThat(before.get("counts").get("deletedDevices").asLong()).isPositive();

        Answer rebuild = http.post("/api/v1/admin/rebuild");

        assertThat(rebuild.status()).isEqualTo(202);
        assertThat(rebuild.json().get("status").asText()).isEqualTo("REBUILDING");
        await().atMost(ReadSideDriver.PATIENCE).untilAsserted(() -> assertThat(driver.ok("/api/v1/admin/digest")).isEqualTo(before));
        assertThat(driver.ok("/api/v1/products/" + h.productKey() + "/devices/v-2").get("status").asText())
                .isEqualTo("ACTIVATED");
    }

    @Test
    void badParametersAreRefusedWithAJsonError() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Bulb", Protocol.MQTT, NodeType.DIRECT);
        driver.publishAndAwait(h.envelopes());
        String devices = "/api/v1/products/" + h.productKey() + "/devices";

        for (String query : List.of("?size=0", "?size=501", "?page=-1", "?page=abc", "?size=1.5", "?status=FOO",
                "?status=activated", "?authType=PASSWORD")) {
            Answer answer = http.get(devices + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).as(query).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().get("message").asText()).as(query).isNotBlank();
        }
        assertThat(http.get(devices + "?status=FOO").json().get("message").asText()).contains("INACTIVE, ACTIVATED");
        assertThat(http.get(devices + "?size=501").json().get("message").asText()).contains("size");
        assertError(http.get("/api/v1/products/no-such-product"), 404, "UNKNOWN_PRODUCT");
        assertError(http.get("/api/v1/products/no-such-product/devices"), 404, "UNKNOWN_PRODUCT");
        assertError(http.get(devices + "/no-such-device"), 404, "UNKNOWN_DEVICE");
        assertError(http.get("/api/v1/nothing-here"), 404, "NOT_FOUND");
        assertError(http.get("/api/v1/admin/rebuild"), 405, "METHOD_NOT_ALLOWED");
        // a method the role table does not list is refused before it reaches the API
        assertError(http.post("/api/v1/products/" + h.productKey()), 403, "FORBIDDEN");
    }

    @Test
    void ownCrossRegionDevicesShowTheirFlagAndHomeRegion() {
        ProductHistory h = ProductHistory.random("pk");
        h.created("Meter", Protocol.MQTT, NodeType.DIRECT);
        h.granted(5);
        h.added("m-1", AuthType.STATIC, "SN-M1", true, null);
        h.added("m-2", AuthType.DYNAMIC, "SN-M2", false, null);
        h.added("m-3", AuthType.DYNAMIC);
        h.activated("m-1", AuthType.STATIC);
        List<EventEnvelope> events = new ArrayList<>(h.envelopes());
        events.add(CODEC.envelope(UUID.randomUUID().toString(), h.productKey(), events.size(),
                h.last().timestamp().plusSeconds(1), ProductHistory.REGION, new DeviceCrossRegionEnabled(
                        h.productKey(), "m-2", AuthType.DYNAMIC, "SN-M2", null, null, List.of(), false)));
        events.add(CODEC.envelope(UUID.randomUUID().toString(), h.productKey(), events.size(),
                h.last().timestamp().plusSeconds(2), ProductHistory.REGION,
                new DeviceCrossRegionDisabled(h.productKey(), "m-1")));
        driver.publishAndAwait(events);
        String devices = "/api/v1/products/" + h.productKey() + "/devices";

        JsonNode m2 = driver.ok(devices + "/m-2");
        assertThat(m2.get("crossRegion").asBoolean()).isTrue();
        assertThat(m2.get("homeRegion").asText()).isEqualTo(ProductHistory.REGION);
        assertThat(driver.ok("/api/v1/products/" + h.productKey()).get("homeRegion").asText())
                .isEqualTo(ProductHistory.REGION);
        assertThat(keys(driver.ok(devices + "?crossRegion=true"))).containsExactly("m-2");
        assertThat(keys(driver.ok(devices + "?crossRegion=false"))).containsExactly("m-1", "m-3");
        JsonNode list = driver.ok("/api/v1/cross-region/devices?productKey=" + h.productKey());
        assertThat(list.get("total").asLong()).isEqualTo(1);
        JsonNode item = list.get("items").get(0);
        assertThat(item.get("deviceKey").asText()).isEqualTo("m-2");
        assertThat(item.get("homeRegion").asText()).isEqualTo(ProductHistory.REGION);
        assertThat(item.get("sn").asText()).isEqualTo("SN-M2");
        assertThat(item.get("activated").asBoolean()).isFalse();
        assertThat(item.get("connectedHere").isNull()).isTrue();
    }

    @Test
    void visitorsFromAnotherRegionAreListedAndConnectedOnesJoinTheDeviceList() {
        CrossRegionHistory h = CrossRegionHistory.random("pk");
        h.product("Tracker");
        h.copy("t-1", AuthType.DYNAMIC, "SN-T1", null, false);
        h.copy("t-2", AuthType.X509, "SN-T2", null, true);
        h.copy("t-3", AuthType.STATIC, "SN-T3", null, true);
        h.connected("t-1");
        h.secretIssued("t-1");
        h.connected("t-2");
        h.pinned("t-2", "cd".repeat(32));
        h.copy("t-1", AuthType.DYNAMIC, "SN-T1", null, true);
        h.connected("t-3");
        h.removed("t-3");
        driver.publishAndAwait(h.envelopes());
        String product = "/api/v1/products/" + h.productKey();

        JsonNode p = driver.ok(product);
        assertThat(p.get("homeRegion").asText()).isEqualTo(CrossRegionHistory.HOME);
        assertThat(p.get("name").asText()).isEqualTo("Tracker");
        assertThat(p.get("codes").get("granted").asLong()).isZero();
        assertThat(p.get("codes").get("available").asLong()).isZero();
        JsonNode list = driver.ok(product + "/devices");
        assertThat(keys(list)).containsExactly("t-1", "t-2");
        assertThat(list.get("total").asLong()).isEqualTo(2);
        JsonNode t2 = driver.ok(product + "/devices/t-2");
        assertThat(t2.get("status").asText()).isEqualTo("ACTIVATED");
        assertThat(t2.get("sn").asText()).isEqualTo("SN-T2");
        assertThat(t2.get("homeRegion").asText()).isEqualTo(CrossRegionHistory.HOME);
        assertThat(t2.get("certificateFingerprint").asText()).isEqualTo("cd".repeat(32));
        assertError(http.get(product + "/devices/t-3"), 404, "UNKNOWN_DEVICE");

        String crossRegion = "/api/v1/cross-region/devices?homeRegion=" + CrossRegionHistory.HOME + "&productKey="
                + h.productKey();
        JsonNode copies = driver.ok(crossRegion);
        assertThat(keys(copies)).containsExactly("t-1", "t-2");
        assertThat(copies.get("items").get(0).get("activated").asBoolean()).isTrue();
        assertThat(copies.get("items").get(0).get("connectedHere").asBoolean()).isTrue();
        assertThat(copies.get("items").get(0).get("authType").asText()).isEqualTo("DYNAMIC");
        assertThat(driver.ok("/api/v1/cross-region/devices?homeRegion=region-9").get("total").asLong()).isZero();
        String everything = http.get(crossRegion).body() + http.get(product + "/devices").body()
                + http.get(product).body();
        assertThat(everything).doesNotContain(CrossRegionHistory.SECRET_CIPHER).doesNotContainIgnoringCase("secret");
        List<Document> stored = new ArrayList<>();
        database.getCollection("products").find(new Document("_id", h.productKey())).into(stored);
        database.getCollection("devices").find(new Document("productKey", h.productKey())).into(stored);
        assertThat(stored).hasSize(4).allSatisfy(d -> assertThat(d.toJson())
                .doesNotContain(CrossRegionHistory.SECRET_CIPHER).doesNotContainIgnoringCase("secret"));

        JsonNode digest = driver.ok("/api/v1/admin/digest");
        driver.publishAndAwait(h.envelopes());
        assertThat(driver.ok("/api/v1/admin/digest")).isEqualTo(digest);
        assertThat(http.post("/api/v1/admin/rebuild").status()).isEqualTo(202);
        await().atMost(ReadSideDriver.PATIENCE).untilAsserted(() -> assertThat(driver.ok("/api/v1/admin/digest"))
                .isEqualTo(digest));
        assertThat(keys(driver.ok(crossRegion))).containsExactly("t-1", "t-2");
    }

    @Test
    void badCrossRegionParametersAreRefusedWithAJsonError() {
        for (String query : List.of("?size=0", "?size=501", "?page=-1", "?page=abc", "?productKey=a%20b",
                "?productKey=" + "x".repeat(65), "?homeRegion=a/b", "?homeRegion=")) {
            Answer answer = http.get("/api/v1/cross-region/devices" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).as(query).isEqualTo("VALIDATION_FAILED");
        }
        assertThat(http.get("/api/v1/products/pk-x/devices?crossRegion=maybe").status()).isEqualTo(400);
    }

    @Test
    void healthIsUpAndTheApiIsDescribed() {
        JsonNode health = driver.ok("/actuator/health");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode stream = health.get("components").get("eventStream");
        assertThat(stream.get("status").asText()).isEqualTo("UP");
        assertThat(stream.get("details").get("running").asBoolean()).isTrue();
        assertThat(stream.get("details").has("lag")).isTrue();

        JsonNode api = driver.ok("/v3/api-docs");
        assertThat(api.get("paths").has("/api/v1/products/{productKey}/devices")).isTrue();
        assertThat(api.get("paths").has("/api/v1/admin/digest")).isTrue();
        assertThat(http.get("/swagger-ui.html").status()).isIn(200, 302);
        assertThat(driver.ok("/actuator/metrics/mongodb.driver.commands").get("name").asText())
                .isEqualTo("mongodb.driver.commands");
    }




    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.get("items").forEach(item -> keys.add(item.get("deviceKey").asText()));
        return keys;
    }
}
