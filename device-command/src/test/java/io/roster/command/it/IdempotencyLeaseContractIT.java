package io.roster.command.it;

import io.roster.command.it.Api.Response;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries of requests that failed half-way, over real HTTP against a real event store: the idempotency store is
 * the real one, failing for some keys as a dying process or database makes it fail ({@link StoreFailures}).
 * Each event-store backend runs the same tests through a subclass.
 */
abstract class IdempotencyLeaseContractIT {

    static final StoreFailures FAILURES = new StoreFailures();
    private static final Duration LEASE = Duration.ofSeconds(4);

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    Api api;

    @DynamicPropertySource
    static void shortLease(DynamicPropertyRegistry registry) {
        registry.add("roster.api.idempotency-lease", LEASE::toString);
    }

    @BeforeEach
    void connect() {
        api = new Api("http://localhost:" + port);
    }

    long storedEvents(String productKey) {
        return eventStore.readEvents(productKey, 0).asStream().count();
    }

    Response add(String productKey, String deviceKey, String idempotencyKey) {
        return api.post("/api/v1/products/" + productKey + "/devices", Map.of("deviceKey", deviceKey,
                "authType", "DYNAMIC"), Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Retries until the key's lease is over (each retry meanwhile is told the request is in progress). */
    Response retryAfterTheLease(String productKey, String deviceKey, String idempotencyKey) {
        return await().atMost(LEASE.multipliedBy(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> add(productKey, deviceKey, idempotencyKey),
                        r -> !"IDEMPOTENCY_IN_PROGRESS".equals(r.text("error")));
    }

    @Test
    void aRequestThatDiedBeforeItsCommandCommittedShouldHoldItsKeyOnlyForTheLease() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 1);
        long before = storedEvents(pk);
        String key = "dead-" + pk;

        Response died = add(pk, "d1", key);
        Response early = add(pk, "d1", key);

        assertThat(died.status()).isEqualTo(500);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.text("error")).isEqualTo("IDEMPOTENCY_IN_PROGRESS");
        assertThat(storedEvents(pk)).isEqualTo(before);

        Response retry = retryAfterTheLease(pk, "d1", key);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.body().path("codeCharged").asBoolean()).isTrue();
        assertThat(storedEvents(pk)).isEqualTo(before + 1);

        Response replayed = add(pk, "d1", key);
        assertThat(replayed.body()).isEqualTo(retry.body());
        assertThat(replayed.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(storedEvents(pk)).isEqualTo(before + 1);
    }

    @Test
    void aCommittedCommandWhoseAnswerCouldNotBeStoredShouldNeverRunAgain() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 5);
        long before = storedEvents(pk);
        String key = "lost-" + pk;

        Response first = add(pk, "d1", key);
        Response retry = add(pk, "d1", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.text("error")).isEqualTo("IDEMPOTENCY_KEY_COMMITTED");
        assertThat(storedEvents(pk)).isEqualTo(before + 1);
        assertThat(add(pk, "d1", key).text("error")).isEqualTo("IDEMPOTENCY_KEY_COMMITTED");
        assertThat(add(pk, "other", key).text("error")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(storedEvents(pk)).isEqualTo(before + 1);
    }

    @Test
    void aCommittedCommandWhoseProcessDiedBeforeAnsweringShouldNeverRunAgain() {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 5);
        long before = storedEvents(pk);
        String key = "crash-" + pk;

        assertThat(add(pk, "d1", key).status()).isEqualTo(201);
        Response retry = retryAfterTheLease(pk, "d1", key);

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.text("error")).isEqualTo("IDEMPOTENCY_KEY_COMMITTED");
        assertThat(storedEvents(pk)).isEqualTo(before + 1);
    }

    /**
     * Concurrent adds to one product commit together: each applied one marks its own key, a refused one marks
     * nothing and runs again when retried.
     */
    @Test
    void concurrentAddsWhoseAnswersWereLostShouldEachBeJudgedByTheirOwnOutcome() throws Exception {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 8);
        long before = storedEvents(pk);
        List<Callable<Response>> adds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String dk = "c-" + i;
            adds.add(() -> add(pk, dk, "lost-" + pk + "-" + dk));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Response> answers = new ArrayList<>();
        try {
            for (Future<Response> answer : pool.invokeAll(adds)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers).extracting(Response::status).containsOnly(201, 409);
        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(8);
        assertThat(storedEvents(pk)).isEqualTo(before + 8);
        api.grant(pk, 4);

        for (int i = 0; i < 12; i++) {
            String dk = "c-" + i;
            Response retry = add(pk, dk, "lost-" + pk + "-" + dk);
            if (answers.get(i).status() == 201) {
                assertThat(retry.text("error")).as(dk).isEqualTo("IDEMPOTENCY_KEY_COMMITTED");
            } else {
                assertThat(answers.get(i).text("error")).isEqualTo("QUOTA_EXHAUSTED");
                assertThat(retry.status()).as(dk).isEqualTo(201);
            }
        }
        assertThat(storedEvents(pk)).isEqualTo(before + 8 + 1 + 4);
    }
}
