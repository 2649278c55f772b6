package io.roster.command.adapter.out.replay;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.roster.command.auth.replay.ClaimBatcher;
import io.roster.command.auth.replay.ClaimUnavailableException;
import io.roster.command.auth.replay.ReplayClaimStore;
import io.roster.command.auth.replay.ReplayClaimStore.Claim;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The batcher on the real stores: embedded PostgreSQL and the in-process MongoDB server. Two batchers on one
 * database stand for two instances (or one before and after a restart).
 */
class ClaimBatcherTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private final String database = "claims_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Instant expiry = Instant.now().plus(Duration.ofMinutes(5));

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private JdbcTemplate postgres() {
        SharedInfra.postgres().createDatabase(database);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(database),
                SharedInfra.postgres().user(), SharedInfra.postgres().password()));
        JdbcReplayClaimStore.createSchema(jdbc);
        return jdbc;
    }

    private MongoReplayClaimStore mongo() {
        MongoClient client = MongoClients.create(SharedInfra.mongo().connectionString());
        closing.add(client);
        return new MongoReplayClaimStore(client.getDatabase(database));
    }

    private ClaimBatcher batcher(ReplayClaimStore store, Duration timeout, int queue, int writers) {
        ClaimBatcher batcher = new ClaimBatcher(store, timeout, queue, ClaimBatcher.DEFAULT_BATCH, writers);
        closing.add(batcher);
        return batcher;
    }

    /** A transaction that inserted {@code fingerprint} and holds its row lock until rolled back. */
    private Connection holding(UUID fingerprint) throws SQLException {
        Connection connection = DriverManager.getConnection(SharedInfra.postgres().jdbcUrl(database),
                SharedInfra.postgres().user(), SharedInfra.postgres().password());
        closing.add(connection);
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into roster_replay_claims (fingerprint, expires_at) values (?, now())")) {
            insert.setObject(1, fingerprint);
            insert.executeUpdate();
        }
        return connection;
    }

    /** Waits until a statement of this database waits for a row lock: the batcher's insert of a held fingerprint. */
    private void awaitBlocked(JdbcTemplate jdbc) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
                Integer.class) > 0);
    }

    @Test
    void postgresShouldLetOneInstanceWinAClaimOnceEvenAfterARestart() {
        JdbcTemplate jdbc = postgres();
        ClaimBatcher first = batcher(new JdbcReplayClaimStore(jdbc, 1), LONG, 16, 2);
        ClaimBatcher second = batcher(new JdbcReplayClaimStore(jdbc, 1), LONG, 16, 2);
        UUID fingerprint = UUID.randomUUID();

        assertThat(first.claim(fingerprint, expiry).join()).isTrue();
        assertThat(second.claim(fingerprint, expiry).join()).isFalse();
        assertThat(first.claim(fingerprint, expiry).join()).isFalse();
        first.close();
        ClaimBatcher restarted = batcher(new JdbcReplayClaimStore(jdbc, 1), LONG, 16, 1);
        assertThat(restarted.claim(fingerprint, expiry).join()).isFalse();
        assertThat(restarted.claim(UUID.randomUUID(), expiry).join()).isTrue();
    }

    @Test
    void postgresShouldWriteTheClaimsQueuedMeanwhileInOneStatement() throws SQLException {
        JdbcTemplate jdbc = postgres();
        JdbcReplayClaimStore store = new JdbcReplayClaimStore(jdbc, 30);
        ClaimBatcher batcher = batcher(store, LONG, 1_000, 1);
        UUID held = UUID.randomUUID();
        Connection holder = holding(held);
        CompletableFuture<Boolean> blocked = batcher.claim(held, expiry);
        awaitBlocked(jdbc);

        List<CompletableFuture<Boolean>> queued = new ArrayList<>();
        UUID twice = UUID.randomUUID();
        CompletableFuture<Boolean> firstOfTwice = batcher.claim(twice, expiry);
        for (int i = 0; i < 500; i++) {
            queued.add(batcher.claim(UUID.randomUUID(), expiry));
        }
        CompletableFuture<Boolean> secondOfTwice = batcher.claim(twice, expiry);
        assertThat(queued).noneMatch(CompletableFuture::isDone);
        holder.rollback();

        assertThat(blocked.join()).isTrue();
        assertThat(queued).allSatisfy(claim -> assertThat(claim.join()).isTrue());
        assertThat(firstOfTwice.join()).isTrue();
        assertThat(secondOfTwice.join()).isFalse();
        assertThat(batcher.statements()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from roster_replay_claims", Integer.class)).isEqualTo(502);
    }

    @Test
    void aStoreThatDoesNotAnswerInTimeShouldRefuseTheClaimsWaitingForIt() throws SQLException {
        JdbcTemplate jdbc = postgres();
        ClaimBatcher batcher = batcher(new JdbcReplayClaimStore(jdbc, 30), Duration.ofMillis(300), 1, 1);
        UUID held = UUID.randomUUID();
        Connection holder = holding(held);
        CompletableFuture<Boolean> inFlight = batcher.claim(held, expiry);
        awaitBlocked(jdbc);
        CompletableFuture<Boolean> queued = batcher.claim(UUID.randomUUID(), expiry);
        CompletableFuture<Boolean> overflowing = batcher.claim(UUID.randomUUID(), expiry);

        assertThat(overflowing).isCompletedExceptionally();
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.isDone() && queued.isDone());
        assertUnavailable(inFlight);
        assertUnavailable(queued);
        holder.rollback();
    }

    @Test
    void aFailingStoreShouldRefuseTheClaimsAndAnswerAgainOnceItRecovers() {
        JdbcTemplate jdbc = postgres();
        ClaimBatcher batcher = batcher(new JdbcReplayClaimStore(jdbc, 1), LONG, 16, 1);
        jdbc.execute("alter table roster_replay_claims rename to roster_replay_claims_away");

        assertUnavailable(batcher.claim(UUID.randomUUID(), expiry));

        jdbc.execute("alter table roster_replay_claims_away rename to roster_replay_claims");
        assertThat(batcher.claim(UUID.randomUUID(), expiry).join()).isTrue();
    }

    @Test
    void postgresShouldPurgeOnlyCertainlyExpiredClaimsAndAtMostTheLimit() {
        JdbcTemplate jdbc = postgres();
        JdbcReplayClaimStore store = new JdbcReplayClaimStore(jdbc, 1);
        purgeShouldDeleteOnlyExpiredClaims(store);
    }

    @Test
    void mongoShouldLetOneInstanceWinAClaimOnce() {
        ClaimBatcher first = batcher(mongo(), LONG, 16, 2);
        ClaimBatcher second = batcher(mongo(), LONG, 16, 2);
        UUID fingerprint = UUID.randomUUID();

        assertThat(first.claim(fingerprint, expiry).join()).isTrue();
        assertThat(second.claim(fingerprint, expiry).join()).isFalse();
        assertThat(first.claim(fingerprint, expiry).join()).isFalse();
    }

    @Test
    void mongoShouldTellWonFromLostClaimsWithinOneBatch() {
        MongoReplayClaimStore store = mongo();
        UUID before = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        UUID alsoBefore = UUID.randomUUID();
        UUID alsoFresh = UUID.randomUUID();
        assertThat(store.claim(List.of(new Claim(before, expiry), new Claim(alsoBefore, expiry))))
                .containsExactlyInAnyOrder(before, alsoBefore);

        Set<UUID> won = store.claim(List.of(new Claim(before, expiry), new Claim(fresh, expiry),
                new Claim(alsoBefore, expiry), new Claim(alsoFresh, expiry)));

        assertThat(won).containsExactlyInAnyOrder(fresh, alsoFresh);
    }

    @Test
    void mongoShouldPurgeOnlyCertainlyExpiredClaimsAndAtMostTheLimit() {
        purgeShouldDeleteOnlyExpiredClaims(mongo());
    }

    @Test
    void postgresShouldStoreClaimsDecidedElsewhereAndReadThemBackByInsertionTime() {
        storeShouldCountNewClaimsAndReadThemBack(new JdbcReplayClaimStore(postgres(), 1));
    }

    @Test
    void mongoShouldStoreClaimsDecidedElsewhereAndReadThemBackByInsertionTime() {
        storeShouldCountNewClaimsAndReadThemBack(mongo());
    }

    /** The lead's writes behind: new claims counted, those stored before not; all read back while unexpired. */
    private void storeShouldCountNewClaimsAndReadThemBack(ReplayClaimStore store) {
        Instant before = Instant.now().minusSeconds(1);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        assertThat(store.store(List.of(new Claim(first, expiry), new Claim(expired, before)))).isEqualTo(2);
        assertThat(store.store(List.of(new Claim(first, expiry), new Claim(second, expiry)))).isEqualTo(1);

        assertThat(store.claimsInsertedSince(before, Instant.now())).extracting(Claim::fingerprint)
                .containsExactlyInAnyOrder(first, second);
        assertThat(store.claimsInsertedSince(Instant.now().plusSeconds(60), Instant.now())).isEmpty();
    }

    /** A claim is purged once it was inserted so long ago that it has certainly expired (11 minutes). */
    private static void purgeShouldDeleteOnlyExpiredClaims(ReplayClaimStore store) {
        Instant now = Instant.now();
        UUID expired = UUID.randomUUID();
        UUID alsoExpired = UUID.randomUUID();
        UUID live = UUID.randomUUID();
        store.claim(List.of(new Claim(expired, now.minusSeconds(120)), new Claim(alsoExpired, now.minusSeconds(60)),
                new Claim(live, now.plusSeconds(60))));

        assertThat(store.purge(now, 10)).as("inserted just now: each may be in its window still").isZero();
        Instant later = now.plus(Duration.ofMinutes(11)).plusSeconds(1);
        assertThat(store.purge(later, 1)).isEqualTo(1);
        assertThat(store.purge(later, 10)).isEqualTo(2);
        assertThat(store.purge(later, 10)).isZero();
        assertThat(store.claim(List.of(new Claim(live, now.plusSeconds(60))))).containsExactly(live);
    }

    private static void assertUnavailable(CompletableFuture<Boolean> claim) {
        assertThatThrownBy(claim::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ClaimUnavailableException.class);
    }
}
