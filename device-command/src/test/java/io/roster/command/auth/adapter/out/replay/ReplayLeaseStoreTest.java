package io.roster.command.auth.adapter.out.replay;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.roster.command.auth.application.replay.ReplayLeaseStore;
import io.roster.command.auth.application.replay.ReplayLeaseStore.Lease;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lease of the replay claims' lead on both real stores: one holder at a time, renewals, release, expiry. */
class ReplayLeaseStoreTest {

    private final String database = "lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    private ReplayLeaseStore store(String kind) {
        if (kind.equals("postgres")) {
            SharedInfra.postgres().createDatabase(database);
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(database),
                    SharedInfra.postgres().user(), SharedInfra.postgres().password()));
            JdbcReplayClaimStore.createSchema(jdbc);
            return new JdbcReplayLeaseStore(jdbc);
        }
        MongoClient client = MongoClients.create(SharedInfra.mongo().connectionString());
        closing.add(client);
        return new MongoReplayLeaseStore(client.getDatabase(database), Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mongo"})
    void oneInstanceShouldHoldTheLeaseUntilItReleasesLetsItExpireOrIsRestarted(String kind) {
        ReplayLeaseStore leases = store(kind);
        assertThat(leases.read().live()).isFalse();

        Lease a = leases.acquire("a", "http://a:1", Duration.ofMinutes(1)).orElseThrow();
        assertThat(a.owner()).isEqualTo("a");
        assertThat(a.url()).isEqualTo("http://a:1");
        assertThat(a.live()).isTrue();
        assertThat(leases.acquire("b", "http://b:1", Duration.ofMinutes(1))).isEmpty();
        assertThat(leases.renew("b", Duration.ofMinutes(1))).isEmpty();
        Lease renewed = leases.renew("a", Duration.ofMinutes(2)).orElseThrow();
        assertThat(renewed.leaseUntil()).isAfter(a.leaseUntil());
        assertThat(renewed.acquiredAt()).isEqualTo(a.acquiredAt());
        assertThat(leases.read().owner()).isEqualTo("a");

        leases.release("b");
        assertThat(leases.read().owner()).isEqualTo("a");
        leases.release("a");
        assertThat(leases.read().live()).isFalse();

        Lease b = leases.acquire("b", "http://b:1", Duration.ofMillis(300)).orElseThrow();
        assertThat(b.acquiredAt()).isAfterOrEqualTo(a.acquiredAt());
        assertThat(leases.acquire("a", "http://a:1", Duration.ofMinutes(1))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !leases.read().live());
        Optional<Lease> afterExpiry = leases.acquire("a", "http://a:1", Duration.ofMinutes(1));
        assertThat(afterExpiry).map(Lease::owner).contains("a");
        assertThat(leases.renew("b", Duration.ofMinutes(1))).isEmpty();

        // a process at the address of the holder is its restart: the holder is dead, its lease is taken at once
        assertThat(leases.acquire("a-restarted", "http://a:1", Duration.ofMinutes(1))).map(Lease::owner)
                .contains("a-restarted");
        assertThat(leases.renew("a", Duration.ofMinutes(1))).isEmpty();
    }
}
