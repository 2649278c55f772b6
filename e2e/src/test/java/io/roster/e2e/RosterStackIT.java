package io.roster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.bench.AddDevicesBench;
import io.roster.bench.BenchOptions;
import io.roster.bench.BenchReport;
import io.roster.bench.ReportFormatter;
import io.roster.bench.TopicReader;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.contract.stream.EventTopic;
import io.roster.devstack.DevStack;
import io.roster.devstack.DevStackOptions;
import io.roster.devstack.DevStackOptions.EventStore;
import io.roster.devstack.RegionEndpoints;
import io.roster.devstack.RunningStack;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole embedded stack, started as a developer starts it (one region, shifted ports so that it does not
 * clash with a stack running on the standard ones), driven only through its published surface: the HTTP APIs
 * and the Kafka topic.
 *
 * <p>{@code -Droster.e2e.eventStore=mongo} runs the same suite on device-command's MongoDB event store;
 * {@code -Droster.e2e.portOffset=N} moves the stack.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class RosterStackIT {

    private static final Duration READ_SIDE = Duration.ofSeconds(60);

    private static RunningStack stack;
    private static RegionEndpoints region;
    private static String operatorToken;
    private static StackClient api;

    @BeforeAll
    static void startStack() {
        Path home = Path.of(System.getProperty("roster.home", "..")).toAbsolutePath().normalize();
        int offset = Integer.getInteger("roster.e2e.portOffset", 1000);
        EventStore eventStore = EventStore.valueOf(
                System.getProperty("roster.e2e.eventStore", "postgres").toUpperCase(Locale.ROOT));
        stack = DevStack.start(new DevStackOptions(1, null, offset, home, eventStore));
        region = stack.region(1);
        try {
            operatorToken = Files.readString(stack.tokenFile("operator")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        api = new StackClient(operatorToken);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyServiceShouldRefuseACallWithoutAToken() {
        StackClient anonymous = new StackClient("not-a-token");
        assertThat(anonymous.post(region.commandUrl() + "/api/v1/products",
                Map.of("name", "intruder", "protocol", "MQTT", "nodeType", "DIRECT")).status()).isEqualTo(401);
        assertThat(anonymous.get(region.queryUrl() + "/api/v1/products/any").status()).isEqualTo(401);
        assertThat(anonymous.get(region.ledgerUrl() + "/api/v1/products/any/balance").status()).isEqualTo(401);
    }

    @Test
    void everyServiceShouldReportHealthUp() {
        for (String service : List.of(region.commandUrl(), region.queryUrl(), region.ledgerUrl(), region.syncUrl())) {
            StackClient.Reply health = api.get(service + "/actuator/health");

            assertThat(health.status()).as(service).isEqualTo(200);
            assertThat(health.json().path("status").asText()).as(service).isEqualTo("UP");
        }
    }

    @Test
    void concurrentAddsShouldTakeExactlyTheGrantedCodes() {
        String pk = createProduct("MQTT");
        grant(pk, 50);

        List<CompletableFuture<StackClient.Reply>> adds = IntStream.range(0, 200)
                .mapToObj(i -> api.postAsync(devices(pk), Map.of("deviceKey", "race-" + i, "authType", "DYNAMIC")))
                .toList();
        List<StackClient.Reply> replies = adds.stream().map(CompletableFuture::join).toList();

        List<StackClient.Reply> added = replies.stream().filter(r -> r.status() == 201).toList();
        List<StackClient.Reply> refused = replies.stream().filter(r -> r.status() != 201).toList();
        assertThat(added).hasSize(50);
        assertThat(refused).hasSize(150).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().path("error").asText()).isEqualTo("QUOTA_EXHAUSTED");
        });
        Set<String> addedKeys = new HashSet<>();
        added.forEach(r -> addedKeys.add(r.json().path("deviceKey").asText()));

        await().atMost(READ_SIDE).untilAsserted(() -> assertThat(queryCodes(pk)).isEqualTo(new Codes(50, 50, 0)));
        JsonNode page = api.get(region.queryUrl() + "/api/v1/products/" + pk + "/devices?page=0&size=100").json();
        assertThat(page.path("total").asLong()).isEqualTo(50);
        Set<String> listed = new HashSet<>();
        page.path("items").forEach(item -> listed.add(item.path("deviceKey").asText()));
        assertThat(listed).isEqualTo(addedKeys);
        awaitLedgerMatchesQuery(pk);
    }

    @Test
    void deleteShouldRefundANeverActivatedDevice() {
        String pk = createProduct("MQTT");
        grant(pk, 2);
        add(pk, "keep", "DYNAMIC");
        add(pk, "gone", "DYNAMIC");
        await().atMost(READ_SIDE).untilAsserted(() -> assertThat(queryCodes(pk)).isEqualTo(new Codes(2, 2, 0)));

        StackClient.Reply deleted = api.delete(devices(pk) + "/gone");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("refunded").asBoolean()).isTrue();
        assertThat(deleted.json().path("codesAvailable").asLong()).isEqualTo(1);
        await().atMost(READ_SIDE).untilAsserted(() -> {
            assertThat(queryCodes(pk)).isEqualTo(new Codes(2, 1, 1));
            assertThat(api.get(region.queryUrl() + "/api/v1/products/" + pk + "/devices/gone").status()).isEqualTo(404);
        });
        JsonNode page = api.get(region.queryUrl() + "/api/v1/products/" + pk + "/devices").json();
        assertThat(page.path("total").asLong()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("deviceKey").asText()).isEqualTo("keep");
        JsonNode balance = awaitLedgerMatchesQuery(pk);
        assertThat(balance.path("refunded").asLong()).isEqualTo(1);
    }

    @Test
    void staticDeviceSecretShouldNeverReachTheReadSideOrKafka() {
        String pk = createProduct("MQTT");
        grant(pk, 1);
        JsonNode added = add(pk, "flashed", "STATIC");
        String secret = added.path("deviceSecret").asText();
        assertThat(secret).isNotBlank();

        String device = region.queryUrl() + "/api/v1/products/" + pk + "/devices/flashed";
        await().atMost(READ_SIDE).until(() -> api.get(device).status() == 200);
        List<String> readSide = List.of(device, region.queryUrl() + "/api/v1/products/" + pk + "/devices",
                region.queryUrl() + "/api/v1/products/" + pk, region.ledgerUrl() + "/api/v1/products/" + pk + "/entries",
                region.ledgerUrl() + "/api/v1/products/" + pk + "/balance");
        for (String url : readSide) {
            StackClient.Reply reply = api.get(url);
            assertThat(reply.status()).as(url).isEqualTo(200);
            assertThat(reply.body()).as(url).doesNotContain(secret);
        }

        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        AtomicInteger leaks = new AtomicInteger();
        AtomicBoolean addSeen = new AtomicBoolean();
        EventCodec codec = new EventCodec();
        TopicReader.Scan scan;
        try (TopicReader topic = new TopicReader(region.kafkaBootstrap(), EventTopic.DEFAULT_NAME)) {
            scan = topic.readAll(record -> {
                List<byte[]> parts = new ArrayList<>();
                parts.add(record.key());
                parts.add(record.value());
                for (Header header : record.headers()) {
                    parts.add(header.value());
                }
                if (parts.stream().anyMatch(bytes -> contains(bytes, needle))) {
                    leaks.incrementAndGet();
                }
                EventEnvelope envelope = codec.decode(record.value());
                if (envelope.type().equals("DeviceAdded") && pk.equals(envelope.productKey())
                        && "flashed".equals(envelope.deviceKey())) {
                    addSeen.set(true);
                }
            }, addSeen::get, READ_SIDE);
        }
        assertThat(scan.complete()).isTrue();
        assertThat(addSeen).isTrue();
        assertThat(leaks).hasValue(0);
    }

    @Test
    void benchRunShouldDeliverEveryAddExactlyOnce() {
        BenchOptions options = BenchOptions.parse("adds",
                "--command", region.commandUrl(), "--query", region.queryUrl(), "--kafka", region.kafkaBootstrap(),
                "--count", "500", "--products", "4", "--concurrency", "16", "--backend", "e2e",
                "--catch-up-timeout", "60s", "--stall-timeout", "30s", "--time-limit", "90s").withToken(operatorToken);

        BenchReport report = AddDevicesBench.run(options, System.out);
        System.out.print(ReportFormatter.text(report));

        assertThat(report.problems()).isEmpty();
        assertThat(report.adds().added()).isEqualTo(500);
        assertThat(report.kafka().passed()).isTrue();
        assertThat(report.kafka().result().devicesSeen()).isEqualTo(500);
        assertThat(report.readSide().caughtUp()).isTrue();
        assertThat(report.mongo().query().available()).isTrue();
        assertThat(report.mongo().query().perAdd()).isPositive();
    }

    private record Codes(long granted, long inUse, long available) {
    }

    private static String createProduct(String protocol) {
        return api.createProduct(region.commandUrl(), "e2e " + protocol, protocol);
    }

    private static void grant(String pk, int count) {
        api.grant(region.commandUrl(), pk, count);
    }

    private static JsonNode add(String pk, String deviceKey, String authType) {
        StackClient.Reply added = api.post(devices(pk), Map.of("deviceKey", deviceKey, "authType", authType));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json();
    }

    private static String devices(String pk) {
        return region.commandUrl() + "/api/v1/products/" + pk + "/devices";
    }

    private static Codes queryCodes(String pk) {
        StackClient.Reply product = api.get(region.queryUrl() + "/api/v1/products/" + pk);
        if (product.status() != 200) {
            return null;
        }
        JsonNode codes = product.json().path("codes");
        return new Codes(codes.path("granted").asLong(), codes.path("inUse").asLong(), codes.path("available").asLong());
    }

    /**
     * Waits until the ledger's balance agrees with device-query's codes: the same codes granted and
     * available, and the codes device-query counts in use are the ledger's reserved plus consumed.
     */
    private static JsonNode awaitLedgerMatchesQuery(String pk) {
        String url = region.ledgerUrl() + "/api/v1/products/" + pk + "/balance";
        JsonNode[] balance = new JsonNode[1];
        await().atMost(READ_SIDE).untilAsserted(() -> {
            StackClient.Reply reply = api.get(url);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode b = reply.json();
            Codes query = queryCodes(pk);
            assertThat(new Codes(b.path("granted").asLong(), b.path("reserved").asLong() + b.path("consumed").asLong(),
                    b.path("available").asLong())).isEqualTo(query);
            balance[0] = b;
        });
        return balance[0];
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || needle.length == 0) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
