package io.roster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.roster.bench.TopicReader;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.contract.stream.EventTopic;
import io.roster.devstack.RegionEndpoints;
import io.roster.devstack.RunningStack;
import io.roster.devstack.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes: one service of the embedded stack is killed with SIGKILL in the middle of a stream of adds and
 * started again with the same command, environment and ports, and nothing acknowledged may be lost or
 * counted twice (docs/operations.md, "What a crash does").
 *
 * <p>One stack for the whole class, on ports of its own (a random free offset, or
 * {@code -Droster.e2e.portOffset=N}); {@code -Droster.e2e.eventStore=mongo} runs it on device-command's
 * MongoDB event store. Run alone with {@code ./mvnw -B -o -pl e2e -am verify -Dit.test=CrashRecoveryIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CrashRecoveryIT {

    private static final String REGION = "region-1";
    private static final int CALLERS = 8;
    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    private static RunningStack stack;
    private static RegionEndpoints region;
    private static StackClient api;

    @BeforeAll
    static void startStack() {
        stack = E2eStack.start();
        region = stack.region(1);
        api = E2eStack.client(stack, "operator");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * Every add answered 201 before the kill is on the topic once and in device-query; an add that got no
     * answer may have happened or not, and asking again after the restart answers 201 or 409 DEVICE_EXISTS,
     * so that it too is added exactly once.
     */
    @Test
    void addsAcknowledgedBeforeDeviceCommandWasKilledShouldBeOnTheTopicOnceAndInTheReadModel() {
        String pk = createProduct();
        grant(pk, 100_000);
        AddStream stream = new AddStream(pk, "cmd");
        stream.start();
        await().atMost(CATCH_UP).until(() -> stream.acknowledged().size() >= 100);

        stack.kill(REGION, Service.DEVICE_COMMAND);
        stream.awaitStopped();
        stack.restart(REGION, Service.DEVICE_COMMAND);

        Set<String> acknowledged = stream.acknowledged();
        Set<String> unanswered = stream.unanswered();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);
        assertThat(unanswered).as("adds in flight at the kill").isNotEmpty();
        Set<String> added = new HashSet<>(acknowledged);
        for (String key : unanswered) {
            StackClient.Reply again = api.post(devices(pk), Map.of("deviceKey", key, "authType", "DYNAMIC"));
            if (again.status() != 201) {
                assertThat(again.status()).as(again.body()).isEqualTo(409);
                assertThat(again.json().path("error").asText()).isEqualTo("DEVICE_EXISTS");
            }
            added.add(key);
        }
        for (int i = 0; i < 50; i++) {
            String key = "cmd-after-" + i;
            StackClient.Reply reply = api.post(devices(pk), Map.of("deviceKey", key, "authType", "DYNAMIC"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            added.add(key);
        }

        Map<String, Integer> addsOnTopic = new ConcurrentHashMap<>();
        Map<String, Integer> perSequence = new HashMap<>();
        EventCodec codec = new EventCodec();
        TopicReader.Scan scan;
        try (TopicReader topic = new TopicReader(region.kafkaBootstrap(), EventTopic.DEFAULT_NAME)) {
            scan = topic.readAll(record -> {
                EventEnvelope e = codec.decode(record.value());
                if (!pk.equals(e.aggregateId())) {
                    return;
                }
                perSequence.merge(e.sequenceNumber() + "", 1, Integer::sum);
                if (e.type().equals("DeviceAdded")) {
                    addsOnTopic.merge(e.deviceKey(), 1, Integer::sum);
                }
            }, () -> addsOnTopic.keySet().containsAll(added), CATCH_UP);
        }
        assertThat(scan.complete()).as("every add on the topic").isTrue();
        assertThat(perSequence.values()).as("events per (aggregate, sequence)").allMatch(n -> n == 1);
        assertThat(addsOnTopic.keySet()).isEqualTo(added);
        assertThat(addsOnTopic.values()).as("DeviceAdded per device key").allMatch(n -> n == 1);
        await().atMost(CATCH_UP).untilAsserted(() -> assertThat(queryDeviceCount(pk)).isEqualTo(added.size()));
        assertThat(queryDeviceKeys(pk, added.size())).isEqualTo(added);
    }

    /**
     * device-query killed while it applies a stream of adds: after its restart it counts each add once and
     * equals its own rebuild.
     */
    @Test
    void deviceQueryKilledMidBatchShouldCatchUpAndEqualItsRebuild() {
        String pk = createProduct();
        grant(pk, 100_000);
        AddStream stream = new AddStream(pk, "query");
        stream.start();
        await().atMost(CATCH_UP).until(() -> queryDeviceCount(pk) > 0);

        stack.kill(REGION, Service.DEVICE_QUERY);
        await().atMost(CATCH_UP).until(() -> stream.acknowledged().size() >= 300);
        stream.stop();
        stack.restart(REGION, Service.DEVICE_QUERY);

        int added = stream.acknowledged().size();
        assertThat(stream.unanswered()).isEmpty();
        awaitAddsOnTopic(pk, added);
        awaitCaughtUp(region.queryUrl());
        assertThat(queryDeviceCount(pk)).isEqualTo(added);
        JsonNode codes = api.get(region.queryUrl() + "/api/v1/products/" + pk).json().path("codes");
        assertThat(codes.path("inUse").asLong()).isEqualTo(added);
        assertThat(codes.path("available").asLong()).isEqualTo(100_000 - added);

        assertEqualsItsRebuild(region.queryUrl());
        assertThat(queryDeviceCount(pk)).isEqualTo(added);
    }

    /**
     * activation-ledger killed while it applies a stream of adds: after its restart it reserves one code per
     * add and equals its own rebuild.
     */
    @Test
    void activationLedgerKilledMidBatchShouldCatchUpAndEqualItsRebuild() {
        String pk = createProduct();
        grant(pk, 100_000);
        AddStream stream = new AddStream(pk, "ledger");
        stream.start();
        await().atMost(CATCH_UP).until(() -> balance(pk).path("reserved").asLong() > 0);

        stack.kill(REGION, Service.ACTIVATION_LEDGER);
        await().atMost(CATCH_UP).until(() -> stream.acknowledged().size() >= 300);
        stream.stop();
        stack.restart(REGION, Service.ACTIVATION_LEDGER);

        int added = stream.acknowledged().size();
        assertThat(stream.unanswered()).isEmpty();
        awaitAddsOnTopic(pk, added);
        awaitCaughtUp(region.ledgerUrl());
        assertThat(balance(pk).path("reserved").asLong()).isEqualTo(added);
        JsonNode balance = balance(pk);
        assertThat(balance.path("granted").asLong()).isEqualTo(100_000);
        assertThat(balance.path("available").asLong()).isEqualTo(100_000 - added);
        assertThat(reserveEntries(pk)).isEqualTo(added);

        assertEqualsItsRebuild(region.ledgerUrl());
        assertThat(balance(pk).path("reserved").asLong()).isEqualTo(added);
        assertThat(reserveEntries(pk)).isEqualTo(added);
    }

    /** Waits until the publisher has put {@code count} adds of the product on the topic: the read sides' source. */
    private static void awaitAddsOnTopic(String pk, int count) {
        AtomicInteger adds = new AtomicInteger();
        EventCodec codec = new EventCodec();
        try (TopicReader topic = new TopicReader(region.kafkaBootstrap(), EventTopic.DEFAULT_NAME)) {
            TopicReader.Scan scan = topic.readAll(record -> {
                EventEnvelope e = codec.decode(record.value());
                if (pk.equals(e.aggregateId()) && e.type().equals("DeviceAdded")) {
                    adds.incrementAndGet();
                }
            }, () -> adds.get() >= count, CATCH_UP);
            assertThat(scan.complete()).isTrue();
        }
        assertThat(adds).hasValue(count);
    }

    /**
     * Waits as an operator would after a restart: until the health says the consumer has no lag. With every
     * event on the topic, that must mean caught up, also while the restarted consumer still waits for the
     * partitions its killed predecessor holds in the group, so the callers check the read model right after,
     * without waiting.
     */
    private static void awaitCaughtUp(String readSide) {
        await().atMost(CATCH_UP).until(() -> eventStream(readSide).path("lag").asLong(-1) == 0);
    }

    /**
     * Takes the digest of the caught-up projection, rebuilds it from the start of the topic and waits until
     * the rebuild has read the whole topic again: its digest must be the same.
     */
    private static void assertEqualsItsRebuild(String readSide) {
        long events = eventsOnTopic();
        JsonNode live = digest(readSide);

        StackClient.Reply rebuild = api.post(readSide + "/api/v1/admin/rebuild", Map.of());
        assertThat(rebuild.status()).as(rebuild.body()).isEqualTo(202);
        assertThat(rebuild.json().path("status").asText()).isEqualTo("REBUILDING");
        assertThat(eventStream(readSide).path("lag").asLong()).as("lag right after the rebuild began").isPositive();

        awaitCaughtUp(readSide);
        assertThat(eventStream(readSide).path("applied").asLong()).isEqualTo(events);
        assertThat(digest(readSide)).isEqualTo(live);
    }

    private static JsonNode digest(String readSide) {
        StackClient.Reply reply = api.get(readSide + "/api/v1/admin/digest");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode eventStream(String readSide) {
        return api.get(readSide + "/actuator/health").json().path("components").path("eventStream").path("details");
    }

    /** Events on the topic (its offsets also count transaction markers, so the records are read and counted). */
    private static long eventsOnTopic() {
        try (TopicReader topic = new TopicReader(region.kafkaBootstrap(), EventTopic.DEFAULT_NAME)) {
            TopicReader.Scan scan = topic.readAll(record -> { }, () -> true, CATCH_UP);
            assertThat(scan.complete()).isTrue();
            return scan.records();
        }
    }

    /**
     * {@link #CALLERS} callers adding devices with fresh keys, each until it is stopped or its first add
     * that gets no answer (the service died under it); every key is either acknowledged (201) or unanswered.
     */
    private static final class AddStream {
        private final String pk;
        private final String prefix;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger next = new AtomicInteger();
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
        private final List<CompletableFuture<Void>> callers = new ArrayList<>();

        AddStream(String pk, String prefix) {
            this.pk = pk;
            this.prefix = prefix;
        }

        void start() {
            IntStream.range(0, CALLERS).forEach(i -> callers.add(CompletableFuture.runAsync(this::call)));
        }

        private void call() {
            while (!stopped.get()) {
                String key = prefix + "-" + next.getAndIncrement();
                StackClient.Reply reply;
                try {
                    reply = api.post(devices(pk), Map.of("deviceKey", key, "authType", "DYNAMIC"));
                } catch (RuntimeException noAnswer) {
                    unanswered.add(key);
                    return;
                }
                if (reply.status() == 201) {
                    acknowledged.add(key);
                } else {
                    unanswered.add(key);
                    return;
                }
            }
        }

        void stop() {
            stopped.set(true);
            awaitStopped();
        }

        void awaitStopped() {
            CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        }

        Set<String> acknowledged() {
            return Set.copyOf(acknowledged);
        }

        Set<String> unanswered() {
            return Set.copyOf(unanswered);
        }
    }

    private static String createProduct() {
        return api.createProduct(region.commandUrl(), "crash", "MQTT");
    }

    private static void grant(String pk, int count) {
        api.grant(region.commandUrl(), pk, count);
    }

    private static String devices(String pk) {
        return region.commandUrl() + "/api/v1/products/" + pk + "/devices";
    }

    private static long queryDeviceCount(String pk) {
        StackClient.Reply page = api.get(region.queryUrl() + "/api/v1/products/" + pk + "/devices?page=0&size=1");
        return page.status() == 200 ? page.json().path("total").asLong() : -1;
    }

    private static Set<String> queryDeviceKeys(String pk, int expected) {
        Set<String> keys = new HashSet<>();
        int size = 100;
        for (int page = 0; page * size < expected; page++) {
            String url = region.queryUrl() + "/api/v1/products/" + pk + "/devices?page=" + page + "&size=" + size;
            JsonNode items = api.get(url).json().path("items");
            items.forEach(item -> keys.add(item.path("deviceKey").asText()));
        }
        return keys;
    }

    private static JsonNode balance(String pk) {
        StackClient.Reply reply = api.get(region.ledgerUrl() + "/api/v1/products/" + pk + "/balance");
        return reply.status() == 200 ? reply.json() : MissingNode.getInstance();
    }

    private static long reserveEntries(String pk) {
        return api.get(region.ledgerUrl() + "/api/v1/products/" + pk + "/entries?kind=RESERVE&size=1").json()
                .path("total").asLong();
    }
}
