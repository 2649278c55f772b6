package io.roster.command.auth.adapter.out.replay;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.roster.command.auth.application.replay.ReplayClaimStore;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Both stores of claim batches, on embedded PostgreSQL and the in-process MongoDB server. */
class ReplayClaimStoreTest {

    private final String database = "claims_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private ReplayClaimStore store(String kind) {
        if (kind.equals("postgres")) {
            SharedInfra.postgres().createDatabase(database);
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(database),
                    SharedInfra.postgres().user(), SharedInfra.postgres().password()));
            JdbcReplayClaimStore.createSchema(jdbc);
            return new JdbcReplayClaimStore(jdbc, 5);
        }
        MongoClient client = MongoClients.create(SharedInfra.mongo().connectionString());
        closing.add(client);
        return new MongoReplayClaimStore(client.getDatabase(database));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mongo"})
    void batchesShouldBeReadBackByInsertionAndExpiryAndPurgedWhenAllTheirClaimsExpired(String kind) {
        ReplayClaimStore store = store(kind);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Claim> first = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            first.add(new Claim(UUID.randomUUID(), now.plus(Duration.ofMinutes(5)).minusMillis(i)));
        }
        Claim expired = new Claim(UUID.randomUUID(), now.minus(Duration.ofMinutes(2)));
        first.add(expired);
        store.store(first);

        List<Claim> read = store.claimsInsertedSince(now.minus(Duration.ofMinutes(1)), now);
        assertThat(read).hasSize(5_000).containsAll(first.subList(0, 5_000)).doesNotContain(expired);
        assertThat(store.claimsInsertedSince(now.plus(Duration.ofMinutes(1)), now)).as("inserted before").isEmpty();

        Claim old = new Claim(UUID.randomUUID(), now.minus(Duration.ofMinutes(3)));
        store.store(List.of(old));
        assertThat(store.purge(now.minus(Duration.ofMinutes(1)), 10)).as("only the batch whose claims all expired")
                .isEqualTo(1);
        assertThat(store.claimsInsertedSince(Instant.EPOCH, Instant.EPOCH)).contains(expired).doesNotContain(old);
    }
}
