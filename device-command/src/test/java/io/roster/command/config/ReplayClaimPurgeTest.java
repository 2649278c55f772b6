package io.roster.command.config;

import io.roster.command.auth.adapter.out.replay.JdbcReplayClaimStore;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import io.roster.command.config.AuthConfiguration.ReplayClaimPurge;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The periodic purge of replay claims on real PostgreSQL, in bounded deletes: a batch is deleted once every claim in it
 * expired more than the grace ago, and every batch holding a claim that may still be in its window, or in the grace
 * after it, is kept.
 */
class ReplayClaimPurgeTest {

    @Test
    void purgeShouldDeleteEveryBatchExpiredBeforeTheGraceAndKeepTheOthers() {
        String database = "purge_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        SharedInfra.postgres().createDatabase(database);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(database),
                SharedInfra.postgres().user(), SharedInfra.postgres().password()));
        JdbcReplayClaimStore.createSchema(jdbc);
        JdbcReplayClaimStore store = new JdbcReplayClaimStore(jdbc, 5);
        Instant now = Instant.now();
        // more expired batches than one delete takes
        for (int i = 0; i < 1_005; i++) {
            store.store(List.of(new Claim(UUID.randomUUID(), now.minus(Duration.ofMinutes(2)).minusMillis(i))));
        }
        UUID inItsWindow = UUID.randomUUID();
        UUID inTheGrace = UUID.randomUUID();
        List<Claim> mixed = new ArrayList<>();
        mixed.add(new Claim(UUID.randomUUID(), now.minus(Duration.ofMinutes(3))));
        mixed.add(new Claim(inItsWindow, now.plus(Duration.ofMinutes(4))));
        store.store(mixed);
        store.store(List.of(new Claim(inTheGrace, now.minus(Duration.ofSeconds(30)))));

        new ReplayClaimPurge(store, Clock.systemUTC()).purge();

        assertThat(jdbc.queryForObject("select count(*) from roster_replay_claim_batches", Integer.class)).isEqualTo(2);
        List<UUID> left = new ArrayList<>();
        for (Claim claim : store.claimsInsertedSince(Instant.EPOCH, Instant.EPOCH)) {
            left.add(claim.fingerprint());
        }
        assertThat(left).contains(inItsWindow, inTheGrace).hasSize(3);
    }
}
