package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.it.Api.Response;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.contract.event.DeviceAdded;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With PostgreSQL the committed mark is written in the command's own transaction. */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresIdempotencyLeaseIT.FailingStore.class)
@ActiveProfiles("postgres")
class PostgresIdempotencyLeaseIT extends IdempotencyLeaseContractIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_pg_lease_it");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingStore {
        @Bean
        @Primary
        IdempotencyStore failingIdempotencyStore(JdbcTemplate jdbc) {
            return new FailingJdbcIdempotencyStore(jdbc, FAILURES);
        }
    }

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    /**
     * The event table is locked (a slow database), so an add waits behind another add of its product past its lease,
     * and a retry takes its key over. When the lock goes, the first add must not commit: only one of the two may.
     */
    @Test
    void aCommandThatOutlastedItsLeaseShouldBeRolledBackWhenARetryTookItsKeyOver() throws Exception {
        String pk = api.createProduct("MQTT");
        api.grant(pk, 5);
        String key = "slow-" + pk;
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table domainevententry in exclusive mode");
            }
            Future<Response> blocking = callers.submit(() -> api.post("/api/v1/products/" + pk + "/devices",
                    Map.of("deviceKey", "first-in-line", "authType", "DYNAMIC")));
            // the slow add queues behind it, holding no lock of its own
            await().until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = "
                    + "'Lock' and datname = current_database()", Integer.class) > 0);
            Future<Response> slow = callers.submit(() -> add(pk, "a", key));
            String slowLease = await().until(() -> leaseOf(key), lease -> lease != null);
            Future<Response> retry = callers.submit(() -> retryAfterTheLease(pk, "a", key));
            await().atMost(Duration.ofSeconds(30)).until(() -> leaseOf(key), lease -> !slowLease.equals(lease));
            lock.rollback();

            Response slowAnswer = slow.get();
            assertThat(slowAnswer.status()).isEqualTo(503);
            assertThat(slowAnswer.text("error")).isEqualTo("IDEMPOTENCY_LEASE_EXPIRED");
            assertThat(blocking.get().status()).isIn(201, 503);
            // the retry either committed on its own, or was batched with the slow add and rolled back with it
            assertThat(retry.get().status()).isIn(201, 503);
        } finally {
            callers.shutdownNow();
        }

        Response last = add(pk, "a", key);
        assertThat(last.status()).isEqualTo(201);
        assertThat(add(pk, "a", key).raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        long addsOfA = eventStore.readEvents(pk, 0).asStream().map(event -> event.getPayload())
                .filter(p -> p instanceof DeviceAdded added && "a".equals(added.deviceKey())).count();
        assertThat(addsOfA).isEqualTo(1);
    }

    private String leaseOf(String sentKey) {
        List<String> leases = jdbc.queryForList("select lease_id from roster_idempotency where idem_key like ?",
                String.class, "%|" + sentKey);
        return leases.isEmpty() ? null : leases.get(0);
    }
}
