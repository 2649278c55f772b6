package io.roster.command.it;

import io.roster.command.it.Api.Response;
import io.roster.command.it.TopicReader.Read;
import io.roster.command.publishing.CommitWatcher;
import io.roster.contract.AuthType;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command side's contract over real HTTP, against a real event store and the in-process Kafka
 * broker. Each event-store backend runs the same tests through a subclass.
 */
abstract class DeviceCommandContractIT {

    @LocalServerPort
    int port;
    @Value("${roster.kafka.bootstrap-servers}")
    String bootstrap;
    @Value("${roster.kafka.topic}")
    String topic;
    @Autowired
    EventStore eventStore;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api("http://localhost:" + port);
    }

    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    Serializer serializer;
    @Autowired
    ApplicationContext context;

    /** Whether this event store's stream may skip committed events, so that the publisher watches commits. */
    abstract boolean streamMaySkipCommits();

    @Test
    void thePublisherShouldWatchCommitsOnlyWhereTheStreamMaySkipThem() {
        assertThat(context.getBeanProvider(CommitWatcher.class).getIfAvailable() != null)
                .isEqualTo(streamMaySkipCommits());
        assertThat(context.getBean(EventProcessingConfiguration.class)
                .eventProcessor(CommitWatcher.PROCESSING_GROUP).isPresent())
                .isEqualTo(streamMaySkipCommits());
    }
    @Autowired
    @Qualifier("productCache")
    Cache productCache;

    /** Snapshots every few events, so the suite also runs products loaded from snapshots. */
    @DynamicPropertySource
    static void frequentSnapshots(DynamicPropertyRegistry registry) {
        registry.add("roster.aggregates.snapshot-interval", () -> 5);
    }

    /** Every stored event of one product, straight from the event store (from the first, not a snapshot). */
    long storedEvents(String productKey) {
        return eventStore.readEvents(productKey, 0).asStream().count();
    }

    /** The raw text of everything the backend stores for the product's events (payloads included). */
    abstract String storedEventText(String productKey);

    @Test
    void productCreationShouldReturnKeyAndSecretOnce() {
        Response created = api.post("/api/v1/products", Map.of("name", "Smart meter", "protocol", "MQTT", "nodeType", "GATEWAY"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("productKey")).matches("[A-Za-z0-9]{11}");
        assertThat(created.text("productSecret")).hasSize(32);
        assertThat(storedEventText(created.text("productKey"))).doesNotContain(created.text("productSecret"));
    }

    @Test
    void addShouldTakeACodeAndDeleteShouldRefundIt() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 2);

        Response added = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "dev-1", "authType", "DYNAMIC"));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body().path("codeCharged").asBoolean()).isTrue();
        assertThat(added.body().path("codesAvailable").asLong()).isEqualTo(1);
        assertThat(added.body().has("deviceSecret") && !added.body().get("deviceSecret").isNull()).isFalse();

        Response deleted = api.delete("/api/v1/products/" + pk + "/devices/dev-1");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("refunded").asBoolean()).isTrue();
        assertThat(deleted.body().path("codesAvailable").asLong()).isEqualTo(2);
    }

    @Test
    void addShouldFailWithQuotaExhaustedStatingZeroAvailable() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 1);
        assertThat(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "a", "authType", "DYNAMIC")).status())
                .isEqualTo(201);

        Response refused = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "b", "authType", "DYNAMIC"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("error")).isEqualTo("QUOTA_EXHAUSTED");
        assertThat(refused.text("message")).contains("0 available");
        assertThat(refused.body().path("available").asLong(-1)).isZero();
    }

    @Test
    void concurrentAddsShouldNeverOversell() throws Exception {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 50);
        List<Callable<Integer>> adds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String dk = "c-" + i;
            adds.add(() -> api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", dk, "authType", "DYNAMIC")).status());
        }
        List<Integer> statuses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            for (Future<Integer> f : pool.invokeAll(adds)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(50);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(150);
        Response after = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "late", "authType", "DYNAMIC"));
        assertThat(after.body().path("available").asLong(-1)).isZero();
    }

    @Test
    void staticDeviceShouldGetAGeneratedSecretThatIsNeverStoredOrPublishedInPlaintext() {
        String pk = api.createProduct("LWM2M");
        api.grant(pk, 1);

        Response added = api.post("/api/v1/products/" + pk + "/devices",
                Map.of("deviceKey", "meter-7", "authType", "STATIC", "sn", "SN-0007", "crossRegion", true));

        assertThat(added.status()).isEqualTo(201);
        String ds = added.text("deviceSecret");
        assertThat(ds).matches("[0-9a-f]{32}");
        assertThat(storedEventText(pk)).contains("meter-7").doesNotContain(ds);
        await().untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, topic))
                .filteredOn(r -> r.key().equals(pk)).extracting(r -> r.envelope().type()).contains("DeviceAdded"));
        assertThat(TopicReader.readAll(bootstrap, topic)).filteredOn(r -> r.key().equals(pk))
                .allSatisfy(r -> assertThat(r.json()).doesNotContain(ds));
    }

    @Test
    void staticDeviceShouldKeepASuppliedSecret() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 1);

        Response added = api.post("/api/v1/products/" + pk + "/devices",
                Map.of("deviceKey", "d", "authType", "STATIC", "deviceSecret", "flashed-at-factory-0001"));

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.text("deviceSecret")).isEqualTo("flashed-at-factory-0001");
        assertThat(storedEventText(pk)).doesNotContain("flashed-at-factory-0001");
    }

    @Test
    void staticDeviceShouldBeRefusedForHttpAndCoapProducts() {
        for (String protocol : List.of("HTTP", "COAP")) {
            String pk = api.createProduct(protocol);
            api.grant(pk, 1);

            Response refused = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "d", "authType", "STATIC"));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text("error")).isEqualTo("STATIC_AUTH_NOT_SUPPORTED");
            assertThat(storedEvents(pk)).isEqualTo(2);
        }
    }

    @Test
    void everyEventShouldReachTheTopicOnceAsReadableJsonKeyedByProduct() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 3);
        api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "e1", "authType", "DYNAMIC"));
        api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "e2", "authType", "X509",
                "certificateFingerprint", "AB".repeat(32)));
        api.delete("/api/v1/products/" + pk + "/devices/e1");

        await().untilAsserted(() -> assertThat(TopicReader.readAll(bootstrap, topic))
                .filteredOn(r -> pk.equals(r.key())).hasSize(5));
        List<Read> reads = TopicReader.readAll(bootstrap, topic).stream().filter(r -> pk.equals(r.key())).toList();
        assertThat(reads).extracting(r -> r.envelope().type())
                .containsExactly("ProductCreated", "ActivationCodesGranted", "DeviceAdded", "DeviceAdded", "DeviceDeleted");
        assertThat(reads).extracting(r -> r.envelope().sequenceNumber()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(reads).allSatisfy(r -> {
            assertThat(r.envelope().eventId()).isNotBlank();
            assertThat(r.envelope().aggregateId()).isEqualTo(pk);
            assertThat(r.envelope().timestamp()).isNotNull();
            assertThat(r.envelope().region()).isEqualTo("region-test");
            assertThat(r.envelope().version()).isEqualTo("1");
            assertThat(r.headers()).containsEntry("roster-type", r.envelope().type());
        });
        assertThat(reads.get(3).envelope().deviceKey()).isEqualTo("e2");
        assertThat(reads.get(3).envelope().payload().path("certificateFingerprint").asText()).isEqualTo("ab".repeat(32));
        Set<String> ids = new HashSet<>();
        assertThat(TopicReader.readAll(bootstrap, topic)).allSatisfy(r -> assertThat(ids.add(r.envelope().eventId())).isTrue());
    }

    @Test
    void retriedCommandWithIdempotencyKeyShouldHaveNoSecondEffectAndGetTheSameAnswer() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 5);
        Map<String, String> key = Map.of("Idempotency-Key", "add-" + pk);
        Map<String, Object> body = Map.of("deviceKey", "idem", "authType", "STATIC");

        Response first = api.post("/api/v1/products/" + pk + "/devices", body, key);
        Response retry = api.post("/api/v1/products/" + pk + "/devices", body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(storedEvents(pk)).isEqualTo(3);

        Response other = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "other", "authType", "STATIC"), key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.text("error")).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        Map<String, String> grantKey = Map.of("Idempotency-Key", "grant-" + pk);
        api.post("/api/v1/products/" + pk + "/activation-codes", Map.of("count", 10), grantKey);
        Response regrant = api.post("/api/v1/products/" + pk + "/activation-codes", Map.of("count", 10), grantKey);
        assertThat(regrant.body().path("available").asLong()).isEqualTo(14);
        assertThat(storedEvents(pk)).isEqualTo(4);
    }

    @Test
    void badInputShouldGetAClear4xxAndChangeNothing() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 5);
        long before = storedEvents(pk);
        String devices = "/api/v1/products/" + pk + "/devices";

        assertError(api.send("POST", devices, "{\"deviceKey\": \"x\", ", Map.of()), 400, "MALFORMED_JSON");
        assertError(api.send("POST", devices, "[]", Map.of()), 400, "MALFORMED_JSON");
        assertError(api.post(devices, Map.of("authType", "DYNAMIC")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, Map.of("deviceKey", "x", "authType", "PASSWORD")), 400, "VALIDATION_FAILED")
                .satisfies(r -> assertThat(r.text("message")).contains("DYNAMIC, STATIC, X509"));
        assertError(api.post(devices, Map.of("deviceKey", 42, "authType", "DYNAMIC")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, Map.of("deviceKey", "x", "authType", "DYNAMIC", "colour", "red")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, Map.of("deviceKey", "has space", "authType", "DYNAMIC")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, Map.of("deviceKey", "k".repeat(65), "authType", "DYNAMIC")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, Map.of("deviceKey", "x", "authType", "DYNAMIC", "deviceSecret", "abcdefghijklmnopq")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, Map.of("deviceKey", "x", "authType", "X509", "certificateFingerprint", "zz")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, Map.of("deviceKey", "x", "authType", "STATIC", "deviceSecret", "short")), 400, "VALIDATION_FAILED");
        assertError(api.post(devices, "{\"deviceKey\":\"" + "x".repeat(70_000) + "\",\"authType\":\"DYNAMIC\"}"), 413, "PAYLOAD_TOO_LARGE");
        assertError(api.postChunked(devices, "{\"deviceKey\":\"" + "x".repeat(70_000) + "\",\"authType\":\"DYNAMIC\"}"), 413, "PAYLOAD_TOO_LARGE");
        assertError(api.send("POST", devices, "deviceKey=x", Map.of("Content-Type", "text/plain")), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.post("/api/v1/products/" + pk + "/activation-codes", Map.of("count", 0)), 400, "VALIDATION_FAILED");
        assertError(api.post("/api/v1/products/" + pk + "/activation-codes", Map.of("count", "ten")), 400, "VALIDATION_FAILED");
        assertError(api.post("/api/v1/products/" + pk + "/activation-codes", Map.of("count", 1.5)), 400, "VALIDATION_FAILED");
        assertError(api.post("/api/v1/products", Map.of("name", "n", "protocol", "ZIGBEE", "nodeType", "DIRECT")), 400, "VALIDATION_FAILED");
        assertError(api.post("/api/v1/products", Map.of("name", " ", "protocol", "MQTT", "nodeType", "DIRECT")), 400, "VALIDATION_FAILED");
        assertError(api.post("/api/v1/products/nope-nope/devices", Map.of("deviceKey", "x", "authType", "DYNAMIC")), 404, "UNKNOWN_PRODUCT");
        assertError(api.post("/api/v1/products/nope-nope/activation-codes", Map.of("count", 1)), 404, "UNKNOWN_PRODUCT");
        assertError(api.delete(devices + "/never-added"), 404, "UNKNOWN_DEVICE");
        assertError(api.delete("/api/v1/products/nope-nope/devices/x"), 404, "UNKNOWN_PRODUCT");
        assertError(api.post(devices, Map.of("deviceKey", "x", "authType", "DYNAMIC"), Map.of("Idempotency-Key", "bad key")), 400, "VALIDATION_FAILED");

        assertThat(storedEvents(pk)).isEqualTo(before);
    }

    @Test
    void aBodyOfUndeclaredLengthShouldBeReadAsADeclaredOne() {
        Api.Response created = api.postChunked("/api/v1/products",
                Api.json(Map.of("name", "Chunked", "protocol", "MQTT", "nodeType", "DIRECT")));

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(storedEvents(created.text("productKey"))).isEqualTo(1);
    }

    @Test
    void productLoadedFromItsSnapshotShouldDecideAsBefore() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 10);
        for (int i = 0; i < 8; i++) {
            assertThat(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "snap-" + i, "authType", "DYNAMIC"))
                    .status()).isEqualTo(201);
        }
        assertThat(api.delete("/api/v1/products/" + pk + "/devices/snap-7").status()).isEqualTo(200);
        // 11 events: snapshots are taken in the background after the 5th and the 10th (slow on a loaded machine)
        await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> assertThat(storageEngine.readSnapshot(pk))
                .hasValueSatisfying(snapshot -> assertThat(snapshot.getSequenceNumber()).isGreaterThanOrEqualTo(9)));
        // written in the snapshot format by the service's serializer, which has the product's JSON module: codes,
        // no devices
        assertThat(serializer.serialize(storageEngine.readSnapshot(pk).orElseThrow().getPayload(), String.class).getData())
                .contains("\"available\":").doesNotContain("snap-");

        productCache.removeAll();

        assertError(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "snap-3", "authType", "DYNAMIC")),
                409, "DEVICE_EXISTS");
        Response again = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "snap-7", "authType", "DYNAMIC"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("codesAvailable").asLong()).isEqualTo(2);
        assertThat(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "snap-8", "authType", "DYNAMIC"))
                .body().path("codesAvailable").asLong()).isEqualTo(1);
        assertThat(api.delete("/api/v1/products/" + pk + "/devices/snap-0").body().path("codesAvailable").asLong())
                .isEqualTo(2);
    }

    /**
     * A history written before the device records existed: events appended to the store straight, past the records'
     * writer (as the previous model stored them, device events in the product's stream). The first command on the
     * product brings its records up from the events, and every rule decides as it did.
     */
    @Test
    void aHistoryWrittenWithoutDeviceRecordsShouldDecideAsItDid() {
        String pk = api.createProduct("MQTT");
        List<Object> history = List.of(
                new ActivationCodesGranted(pk, 3, 3, 3),
                new DeviceAdded(pk, "was-activated", AuthType.DYNAMIC, null, false, null, null, true, 2),
                new DeviceAdded(pk, "listed", AuthType.DYNAMIC, null, false, null, null, true, 1),
                new DeviceActivated(pk, "was-activated", AuthType.DYNAMIC, true),
                new DeviceDeleted(pk, "was-activated", false, true, 1),
                new DeviceAdded(pk, "never-activated", AuthType.DYNAMIC, null, false, null, null, true, 0));
        List<DomainEventMessage<?>> stored = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            stored.add(new GenericDomainEventMessage<>("Product", pk, i + 1, history.get(i)));
        }
        storageEngine.appendEvents(stored);
        productCache.removeAll();

        assertError(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "listed", "authType", "DYNAMIC")),
                409, "DEVICE_EXISTS");
        Response readded = api.post("/api/v1/products/" + pk + "/devices",
                Map.of("deviceKey", "was-activated", "authType", "DYNAMIC"));
        assertThat(readded.status()).isEqualTo(201);
        assertThat(readded.body().path("codeCharged").asBoolean()).isFalse();
        assertThat(readded.body().path("codesAvailable").asLong()).isZero();
        assertError(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "new", "authType", "DYNAMIC")),
                409, "QUOTA_EXHAUSTED");
        Response deleted = api.delete("/api/v1/products/" + pk + "/devices/never-activated");
        assertThat(deleted.body().path("refunded").asBoolean()).isTrue();
        assertThat(deleted.body().path("codesAvailable").asLong()).isEqualTo(1);
        assertThat(api.delete("/api/v1/products/" + pk + "/devices/was-activated").body().path("refunded").asBoolean())
                .isFalse();
        assertError(api.delete("/api/v1/products/" + pk + "/devices/never-activated"), 404, "UNKNOWN_DEVICE");
    }

    @Test
    void deviceExistsShouldBeAConflict() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 5);
        api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "twice", "authType", "DYNAMIC"));

        assertError(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "twice", "authType", "STATIC")), 409, "DEVICE_EXISTS");
    }

    private static org.assertj.core.api.ObjectAssert<Response> assertError(Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.text("error")).isEqualTo(code);
        assertThat(response.text("message")).isNotBlank();
        return assertThat(response);
    }
}
