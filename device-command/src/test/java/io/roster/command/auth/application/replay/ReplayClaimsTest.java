package io.roster.command.auth.application.replay;

import io.roster.command.auth.adapter.out.replay.JdbcReplayClaimStore;
import io.roster.command.auth.adapter.out.replay.JdbcReplayLeaseStore;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import io.roster.command.auth.application.replay.ReplayClaims.Route;
import io.roster.command.auth.domain.replay.ReplayGuard;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The lead of the replay claims on real PostgreSQL, with instances in one JVM (their forwarded claims go straight to
 * the lead's {@link ReplayClaims#claimForwarded}; the decision port's HTTP form is covered by ReplayAcrossInstancesIT).
 * A short lease so that changes of lead happen within seconds.
 */
class ReplayClaimsTest {

    private static final ReplayClaims.Timing FAST = new ReplayClaims.Timing(Duration.ofMillis(1500),
            Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofMillis(300),
            Duration.ofMillis(500));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String database = "lead_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final Map<String, Instance> byUrl = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private JdbcTemplate jdbc;
    private JdbcReplayClaimStore store;

    /** One device-command instance's part: its guard and its claims, and whether its database is reachable. */
    private final class Instance {
        final ReplayGuard guard = ReplayGuard.standard(Clock.systemUTC(), 100_000);
        final AtomicBoolean partitioned = new AtomicBoolean();
        final ReplayClaims claims;

        Instance(String url) {
            this(url, FAST);
        }

        Instance(String url, ReplayClaims.Timing timing) {
            ClaimWriter behind = new ClaimWriter(batch -> {
                if (partitioned.get()) {
                    throw new IllegalStateException("the database is unreachable");
                }
                store.store(batch);
            }, Duration.ofMillis(5), System::nanoTime);
            ReplayLeaseStore leases = new PartitionedLeases(new JdbcReplayLeaseStore(jdbc), partitioned);
            claims = new ReplayClaims(guard, store, leases, behind, lead -> new InProcessChannel(lead),
                    "owner-" + url + "-" + UUID.randomUUID(), () -> url, System::nanoTime, timing);
            closing.add(behind);
            closing.add(claims);
            byUrl.put(url, this);
            claims.start();
        }

        /** As DeviceAuthentication decides: the local guard first, then the claim across the deployment. */
        boolean connect(UUID fingerprint, long timestamp) {
            return guard.admit(timestamp, fingerprint).allowed() && claims.claim(fingerprint, timestamp).join();
        }
    }

    @BeforeEach
    void database() {
        SharedInfra.postgres().createDatabase(database);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(database),
                SharedInfra.postgres().user(), SharedInfra.postgres().password()));
        JdbcReplayClaimStore.createSchema(jdbc);
        store = new JdbcReplayClaimStore(jdbc, 1);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Set<UUID> stored() {
        Set<UUID> stored = new HashSet<>();
        for (Claim claim : store.claimsInsertedSince(Instant.EPOCH, Instant.EPOCH)) {
            stored.add(claim.fingerprint());
        }
        return stored;
    }

    /** Forwards each claim straight to the lead's {@link ReplayClaims#claimForwarded}. */
    private final class InProcessChannel implements ClaimChannel {
        private final String lead;

        InProcessChannel(String lead) {
            this.lead = lead;
        }

        @Override
        public CompletableFuture<Boolean> claim(UUID fingerprint, Instant expiresAt) {
            return byUrl.get(lead).claims.claimForwarded(List.of(new Claim(fingerprint, expiresAt)))
                    .thenApply(won -> won.contains(fingerprint));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aLeadShouldDecideFromMemoryWriteBehindAndRefuseWhatOthersForwardAgain() {
        Instance a = new Instance("http://a");
        await().atMost(WAIT).until(() -> a.claims.route() == Route.MEMORY);
        Instance b = new Instance("http://b");
        await().atMost(WAIT).until(() -> b.claims.route() == Route.FORWARD);
        assertThat(b.claims.state()).isEqualTo("following http://a");

        long now = System.currentTimeMillis();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        assertThat(a.connect(first, now)).isTrue();
        assertThat(b.connect(first, now)).as("a replay forwarded to the lead").isFalse();
        assertThat(b.connect(second, now)).isTrue();
        assertThat(a.connect(second, now)).as("a replay sent to the lead itself").isFalse();
        await().atMost(WAIT).until(() -> stored().containsAll(Set.of(first, second)));
    }

    @Test
    void aNewLeadShouldRefuseWhatAFormerLeadWroteAndNobodyShouldDecideWhileItTakesTheLead() {
        // what a former lead decided and wrote behind before it stopped
        long now = System.currentTimeMillis();
        Instant expiresAt = Instant.ofEpochMilli(now).plus(Duration.ofMinutes(5));
        List<UUID> before = new ArrayList<>();
        List<Claim> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID fingerprint = UUID.randomUUID();
            before.add(fingerprint);
            written.add(new Claim(fingerprint, expiresAt));
        }
        store.store(written);

        Instance lead = new Instance("http://lead", new ReplayClaims.Timing(FAST.term(), FAST.renewEvery(),
                Duration.ofSeconds(2), FAST.viewMaxAge(), FAST.stopBefore(), FAST.maxWriteLag()));
        // while it takes the lead, claims are refused: nobody can decide them yet
        await().atMost(WAIT).until(() -> lead.claims.state().equals("taking the lead"));
        assertThat(lead.claims.route()).isEqualTo(Route.UNAVAILABLE);
        assertThatThrownBy(() -> lead.claims.claimForwarded(List.of(new Claim(UUID.randomUUID(), expiresAt))).join())
                .hasCauseInstanceOf(ClaimUnavailableException.class);
        // and what a former lead wrote meanwhile, after the first read began, is read before the switch
        UUID writtenLate = UUID.randomUUID();
        store.store(List.of(new Claim(writtenLate, expiresAt)));
        await().atMost(WAIT).until(() -> lead.claims.route() == Route.MEMORY);
        assertThat(lead.connect(writtenLate, now)).isFalse();
        for (UUID fingerprint : before) {
            assertThat(lead.connect(fingerprint, now)).isFalse();
        }
        assertThat(lead.connect(UUID.randomUUID(), now)).isTrue();
    }

    @Test
    void aLeadStoppedGracefullyShouldHandOverWithEveryClaimItDecided() throws Exception {
        Instance a = new Instance("http://a");
        await().atMost(WAIT).until(() -> a.claims.route() == Route.MEMORY);
        Instance b = new Instance("http://b");
        long now = System.currentTimeMillis();
        List<UUID> decided = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID fingerprint = UUID.randomUUID();
            decided.add(fingerprint);
            assertThat(a.connect(fingerprint, now)).isTrue();
        }
        a.claims.close();
        await().atMost(WAIT).until(() -> b.claims.route() == Route.MEMORY);
        for (UUID fingerprint : decided) {
            assertThat(b.connect(fingerprint, now)).as("a replay of what the former lead accepted").isFalse();
        }
    }

    @Test
    void aLeadCutOffFromTheDatabaseShouldStopDecidingAndAnotherShouldTakeOver() {
        Instance a = new Instance("http://a");
        await().atMost(WAIT).until(() -> a.claims.route() == Route.MEMORY);
        Instance b = new Instance("http://b");
        await().atMost(WAIT).until(() -> b.claims.route() == Route.FORWARD);
        long now = System.currentTimeMillis();
        UUID accepted = UUID.randomUUID();
        assertThat(a.connect(accepted, now)).isTrue();
        await().atMost(WAIT).until(() -> stored().contains(accepted));

        a.partitioned.set(true);
        await().atMost(WAIT).until(() -> a.claims.route() == Route.UNAVAILABLE);
        assertThatThrownBy(() -> a.claims.claim(UUID.randomUUID(), now).join())
                .hasCauseInstanceOf(ClaimUnavailableException.class);
        await().atMost(WAIT).until(() -> b.claims.route() == Route.MEMORY);
        assertThat(b.connect(accepted, now)).isFalse();
        assertThat(b.connect(UUID.randomUUID(), now)).isTrue();

        a.partitioned.set(false);
        await().atMost(WAIT).until(() -> a.claims.route() == Route.FORWARD);
        assertThat(a.claims.state()).isEqualTo("following http://b");
    }

    @Test
    void aLeadRestartedAtItsAddressShouldTakeOverAtOnceWithWhatItWroteBefore() {
        // a lease far longer than the test: only the rule of the address can end it
        Instance before = new Instance("http://a", new ReplayClaims.Timing(Duration.ofMinutes(10), FAST.renewEvery(),
                FAST.switchAfter(), FAST.viewMaxAge(), FAST.stopBefore(), FAST.maxWriteLag()));
        await().atMost(WAIT).until(() -> before.claims.route() == Route.MEMORY);
        long now = System.currentTimeMillis();
        UUID accepted = UUID.randomUUID();
        assertThat(before.connect(accepted, now)).isTrue();
        await().atMost(WAIT).until(() -> stored().contains(accepted));
        // the process dies without releasing its lease (its lease store stops answering it)
        before.partitioned.set(true);

        Instance restarted = new Instance("http://a");
        await().atMost(WAIT).until(() -> restarted.claims.route() == Route.MEMORY);
        assertThat(restarted.connect(accepted, now)).isFalse();
    }

    /** A lease store that fails while its instance is cut off from the database. */
    private record PartitionedLeases(ReplayLeaseStore leases, AtomicBoolean partitioned) implements ReplayLeaseStore {

        private void check() {
            if (partitioned.get()) {
                throw new IllegalStateException("the database is unreachable");
            }
        }

        @Override
        public Lease read() {
            check();
            return leases.read();
        }

        @Override
        public java.util.Optional<Lease> acquire(String owner, String url, Duration term) {
            check();
            return leases.acquire(owner, url, term);
        }

        @Override
        public java.util.Optional<Lease> renew(String owner, Duration term) {
            check();
            return leases.renew(owner, term);
        }

        @Override
        public void release(String owner) {
            check();
            leases.release(owner);
        }
    }
}
