package io.roster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.roster.devstack.RegionEndpoints;
import io.roster.devstack.RunningStack;
import io.roster.devstack.Service;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * activation-ledger reconciled with device-command on the whole embedded stack (docs/ledger.md): commands go to
 * device-command's API, activations are real connection authentications on its decision port, and the ledger
 * compares what it read from the topic with the counts device-command decides with.
 *
 * <p>One stack for the class, on ports of its own; {@code -Droster.e2e.eventStore=mongo} runs it on
 * device-command's MongoDB event store, {@code -Droster.e2e.seed=N} repeats a run's random mix.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LedgerReconciliationIT {

    private static final String REGION = "region-1";
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final int PRODUCTS = 4;
    private static final int WORKERS = 8;
    private static final int KEYS_PER_WORKER = 6;
    private static final int STEPS_PER_WORKER = 120;

    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private static RunningStack stack;
    private static RegionEndpoints region;
    private static StackClient api;
    private static StackClient gateway;
    private static StackClient ledgerRole;

    @BeforeAll
    static void startStack() {
        stack = E2eStack.start();
        region = stack.region(1);
        api = E2eStack.client(stack, "operator");
        gateway = E2eStack.client(stack, "gateway");
        ledgerRole = E2eStack.client(stack, "ledger");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * {@value #WORKERS} callers at once, each owning a few device keys spread over {@value #PRODUCTS} products
     * that share their codes: adds (some refused for want of codes, some re-adds of deleted keys), activations
     * by real connections, deletes before and after activation, and grants. Afterwards every product matches
     * the command side, in the ledger, in device-query and in device-command's own counts.
     */
    @Test
    void aLongRandomConcurrentMixOfCommandsLeavesNoDrift() {
        long seed = Long.getLong("roster.e2e.seed", System.nanoTime());
        List<String> products = IntStream.range(0, PRODUCTS).mapToObj(i -> createProduct()).toList();
        products.forEach(pk -> grant(pk, 4));
        AtomicInteger steps = new AtomicInteger();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();

        List<CompletableFuture<Void>> workers = IntStream.range(0, WORKERS)
                .mapToObj(w -> CompletableFuture.runAsync(() -> new Worker(w, products, new Random(seed + w), outcomes)
                        .run(steps)))
                .toList();
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).orTimeout(4, TimeUnit.MINUTES).join();

        assertThat(steps.get()).isEqualTo(WORKERS * STEPS_PER_WORKER);
        assertThat(outcomes).as("seed " + seed + ": the mix took every path")
                .containsKeys("added", "re-added", "refused", "activated", "refunded", "deleted-activated", "granted");
        for (String pk : products) {
            JsonNode decided = awaitLedgerAtCommandPosition(pk);
            JsonNode check = reconcile(pk);
            assertThat(check.path("status").asText()).as("seed %d, %s: %s", seed, pk, check).isEqualTo("MATCHED");
            assertThat(check.path("seq").asLong()).isEqualTo(decided.path("seq").asLong());
            assertThat(check.path("ledger").path("available").asLong()).isEqualTo(decided.path("available").asLong());
            assertThat(check.path("commandSide").path("granted").asLong()).isEqualTo(decided.path("granted").asLong());
            awaitQueryAvailable(pk, decided.path("available").asLong());
        }
        JsonNode all = api.get(region.ledgerUrl() + "/api/v1/reconciliation").json();
        assertThat(all.path("drifted").asLong()).as(all.toString()).isZero();
        assertThat(all.path("behind").asLong()).as(all.toString()).isZero();
        assertThat(all.path("products").asLong()).isGreaterThanOrEqualTo(PRODUCTS);
    }

    /**
     * A refused add names the available count: 0, the same in device-command's counts, the ledger and
     * device-query at the same position; a refund moves all three to 1.
     */
    @Test
    void theAvailableCountIsTheSameNumberEverywhere() {
        String pk = createProduct();
        grant(pk, 2);
        assertThat(add(pk, "a", "DYNAMIC").status()).isEqualTo(201);
        assertThat(add(pk, "b", "DYNAMIC").status()).isEqualTo(201);

        StackClient.Reply refused = add(pk, "c", "DYNAMIC");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("QUOTA_EXHAUSTED");
        long refusedAvailable = refused.json().path("available").asLong(-1);
        assertThat(refusedAvailable).isZero();
        assertThat(awaitLedgerAtCommandPosition(pk).path("available").asLong()).isEqualTo(refusedAvailable);
        assertThat(balance(pk).path("available").asLong()).isEqualTo(refusedAvailable);
        awaitQueryAvailable(pk, refusedAvailable);

        assertThat(api.delete(devices(pk) + "/a").status()).isBetween(200, 204);

        JsonNode decided = awaitLedgerAtCommandPosition(pk);
        assertThat(decided.path("available").asLong()).isEqualTo(1);
        assertThat(balance(pk).path("available").asLong()).isEqualTo(1);
        awaitQueryAvailable(pk, 1);
    }

    /**
     * Changing the ledger's store behind its back (one entry's and the balance's granted count raised by one,
     * as a double-counting bug would) is found by the reconciliation against device-command, with the counts
     * of both sides; rebuilding the ledger from the topic repairs it.
     */
    @Test
    void aTamperedLedgerIsFoundAndARebuildRepairsIt() {
        String pk = createProduct();
        grant(pk, 5);
        assertThat(add(pk, "t-1", "DYNAMIC").status()).isEqualTo(201);
        assertThat(add(pk, "t-2", "DYNAMIC").status()).isEqualTo(201);
        awaitLedgerAtCommandPosition(pk);
        assertThat(reconcile(pk).path("status").asText()).isEqualTo("MATCHED");

        try (MongoClient mongo = MongoClients.create(region.mongoUri())) {
            var db = mongo.getDatabase("roster_ledger");
            MongoCollection<Document> entries = db.getCollection("entries");
            Document last = entries.find(Filters.eq("productKey", pk)).sort(Sorts.descending("seq")).first();
            assertThat(last).isNotNull();
            entries.updateOne(Filters.eq("_id", last.get("_id")), Updates.inc("after.granted", 1L));
            db.getCollection("balances").updateOne(Filters.eq("_id", pk),
                    Updates.combine(Updates.inc("granted", 1L), Updates.inc("available", 1L)));
        }

        JsonNode check = reconcile(pk);
        assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("DRIFT");
        assertThat(check.path("commandSide").path("granted").asLong()).isEqualTo(5);
        assertThat(check.path("ledger").path("granted").asLong()).isEqualTo(6);
        assertThat(check.path("detail").asText()).contains("granted: device-command 5, ledger 6");
        JsonNode all = api.get(region.ledgerUrl() + "/api/v1/reconciliation").json();
        assertThat(all.path("drifted").asLong()).isPositive();
        assertThat(all.path("checks")).anySatisfy(c -> assertThat(c.path("productKey").asText()).isEqualTo(pk));

        StackClient.Reply rebuild = api.post(region.ledgerUrl() + "/api/v1/admin/rebuild", Map.of());
        assertThat(rebuild.status()).as(rebuild.body()).isEqualTo(202);
        await().atMost(CATCH_UP).untilAsserted(() ->
                assertThat(reconcile(pk).path("status").asText()).isEqualTo("MATCHED"));
        assertThat(balance(pk).path("granted").asLong()).isEqualTo(5);
    }

    /**
     * The command-line flag: activation-ledger killed, some of its entries lost meanwhile, and started again with
     * {@code --rebuild} reads the topic from its start and ends entry for entry where it was (the same digest).
     */
    @Test
    void startingTheLedgerWithTheRebuildFlagEndsWhereItWas() {
        String pk = createProduct();
        grant(pk, 3);
        assertThat(add(pk, "r-1", "DYNAMIC").status()).isEqualTo(201);
        awaitLedgerAtCommandPosition(pk);
        JsonNode live = digest();
        long entries = live.path("counts").path("entries").asLong();
        assertThat(entries).isPositive();

        stack.kill(REGION, Service.ACTIVATION_LEDGER);
        // entries lost while it was down: only reading the topic again brings them back
        try (MongoClient mongo = MongoClients.create(region.mongoUri())) {
            long lost = mongo.getDatabase("roster_ledger").getCollection("entries")
                    .deleteMany(Filters.eq("productKey", pk)).getDeletedCount();
            assertThat(lost).isEqualTo(2);
        }
        stack.restart(REGION, Service.ACTIVATION_LEDGER, List.of("--rebuild"));

        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(digest()).isEqualTo(live));
        assertThat(reconcile(pk).path("status").asText()).isEqualTo("MATCHED");
    }

    /** One caller with device keys of its own; its steps on a key follow each other, other callers' interleave. */
    private static final class Worker {
        private final List<String> products;
        private final Random random;
        private final Map<String, Integer> outcomes;
        private final List<DeviceState> keys = new ArrayList<>();

        Worker(int number, List<String> products, Random random, Map<String, Integer> outcomes) {
            this.products = products;
            this.random = random;
            this.outcomes = outcomes;
            for (int k = 0; k < KEYS_PER_WORKER; k++) {
                keys.add(new DeviceState(products.get(random.nextInt(products.size())), "w" + number + "-k" + k));
            }
        }

        void run(AtomicInteger steps) {
            for (int step = 0; step < STEPS_PER_WORKER; step++) {
                int dice = random.nextInt(100);
                if (dice < 2) {
                    // fewer codes than keys: adds are refused once the product's codes are taken
                    grant(products.get(random.nextInt(products.size())), 1);
                    count("granted");
                } else {
                    DeviceState device = keys.get(random.nextInt(keys.size()));
                    if (!device.present) {
                        addDevice(device);
                    } else if (dice < 55 && !device.activated) {
                        activate(device);
                    } else if (dice < 80) {
                        deleteDevice(device);
                    } else {
                        activate(device);
                    }
                }
                steps.incrementAndGet();
            }
        }

        private void addDevice(DeviceState device) {
            StackClient.Reply reply = add(device.productKey, device.deviceKey, "STATIC");
            if (reply.status() == 201) {
                count(device.everAdded ? "re-added" : "added");
                device.present = true;
                device.everAdded = true;
                device.activated = false;
                device.secret = reply.json().path("deviceSecret").asText();
            } else {
                assertThat(reply.status()).as(reply.body()).isEqualTo(409);
                assertThat(reply.json().path("error").asText()).isEqualTo("QUOTA_EXHAUSTED");
                count("refused");
            }
        }

        private void activate(DeviceState device) {
            // device-command decides from its own view of the devices, which follows the add within moments
            await().atMost(CATCH_UP).until(() -> "allow".equals(connect(device).path("result").asText()));
            if (!device.activated) {
                count("activated");
            }
            device.activated = true;
        }

        private void deleteDevice(DeviceState device) {
            StackClient.Reply reply = api.delete(devices(device.productKey) + "/" + device.deviceKey);
            assertThat(reply.status()).as(reply.body()).isBetween(200, 204);
            count(device.activated ? "deleted-activated" : "refunded");
            device.present = false;
            device.activated = false;
        }

        private void count(String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }
    }

    /** A key as its owning caller last left it. */
    private static final class DeviceState {
        final String productKey;
        final String deviceKey;
        boolean present;
        boolean everAdded;
        boolean activated;
        String secret;

        DeviceState(String productKey, String deviceKey) {
            this.productKey = productKey;
            this.deviceKey = deviceKey;
        }
    }

    /** A static device's connection, signed as docs/authentication.md says, on the decision port. */
    private static JsonNode connect(DeviceState device) {
        long timestamp = System.currentTimeMillis();
        String clientId = device.deviceKey + "-" + CONNECTIONS.incrementAndGet();
        String message = device.productKey + '\n' + device.deviceKey + '\n' + clientId + '\n' + timestamp;
        StackClient.Reply reply = gateway.post(region.decisionUrl() + "/api/v1/auth/connect", Map.of(
                "productKey", device.productKey, "deviceKey", device.deviceKey, "clientId", clientId,
                "timestamp", timestamp, "signMethod", "hmac-sha256", "signature", hmac(device.secret, message)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * device-command's counts for the product (read with the ledger's own token), once the ledger has read up to
     * the position they are at.
     */
    private static JsonNode awaitLedgerAtCommandPosition(String pk) {
        StackClient.Reply decided = ledgerRole.get(region.commandUrl() + "/api/v1/products/" + pk + "/activation-codes");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        long seq = decided.json().path("seq").asLong();
        await().atMost(CATCH_UP).until(() -> balance(pk).path("seq").asLong(-1) >= seq);
        return decided.json();
    }

    private static void awaitQueryAvailable(String pk, long available) {
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(
                api.get(region.queryUrl() + "/api/v1/products/" + pk).json().path("codes").path("available").asLong(-1))
                .isEqualTo(available));
    }

    private static JsonNode reconcile(String pk) {
        StackClient.Reply reply = api.get(region.ledgerUrl() + "/api/v1/reconciliation?productKey=" + pk);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("checks")).hasSize(1);
        return reply.json().path("checks").get(0);
    }

    private static JsonNode balance(String pk) {
        StackClient.Reply reply = api.get(region.ledgerUrl() + "/api/v1/products/" + pk + "/balance");
        return reply.status() == 200 ? reply.json() : MissingNode.getInstance();
    }

    private static JsonNode digest() {
        StackClient.Reply reply = api.get(region.ledgerUrl() + "/api/v1/admin/digest");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String createProduct() {
        return api.createProduct(region.commandUrl(), "ledger", "MQTT");
    }

    private static void grant(String pk, int count) {
        api.grant(region.commandUrl(), pk, count);
    }

    private static StackClient.Reply add(String pk, String deviceKey, String authType) {
        return api.post(devices(pk), Map.of("deviceKey", deviceKey, "authType", authType));
    }

    private static String devices(String pk) {
        return region.commandUrl() + "/api/v1/products/" + pk + "/devices";
    }
}
