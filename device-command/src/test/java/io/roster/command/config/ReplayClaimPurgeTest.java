package io.roster.command.config;

import io.roster.command.adapter.out.replay.JdbcReplayClaimStore;
import io.roster.command.auth.replay.ReplayClaimStore.Claim;
import io.roster.command.config.AuthConfiguration.ReplayClaimPurge;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The periodic purge of replay claims on real PostgreSQL, in bounded deletes: a claim is deleted once it was inserted
 * so long ago that it has certainly expired past the grace (a claim expires at most 11 minutes after its insertion),
 * and every claim that may still be in its window, or in the grace after it, is kept.
 */
class ReplayClaimPurgeTest {

    @Test
    void purgeShouldDeleteEveryClaimCertainlyExpiredBeforeTheGraceAndKeepTheOthers() {
        String database = "purge_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        SharedInfra.postgres().createDatabase(database);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(database),
                SharedInfra.postgres().user(), SharedInfra.postgres().password()));
        JdbcReplayClaimStore.createSchema(jdbc);
        JdbcReplayClaimStore store = new JdbcReplayClaimStore(jdbc, 5);
        Instant now = Instant.now();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 10_005; i++) {
            claims.add(new Claim(UUID.randomUUID(), now.minus(Duration.ofMinutes(2)).minusMillis(i)));
        }
        UUID justInserted = UUID.randomUUID();
        UUID insertedTenMinutesAgo = UUID.randomUUID();
        claims.add(new Claim(justInserted, now.plus(Duration.ofMinutes(4))));
        claims.add(new Claim(insertedTenMinutesAgo, now.plus(Duration.ofSeconds(30))));
        store.claim(claims);
        // inserted 13 minutes ago: expired at least a minute (the grace) plus a second ago
        jdbc.update("update roster_replay_claims set inserted_at = ? where fingerprint not in (?, ?)",
                Timestamp.from(now.minus(Duration.ofMinutes(13))), justInserted, insertedTenMinutesAgo);
        jdbc.update("update roster_replay_claims set inserted_at = ? where fingerprint = ?",
                Timestamp.from(now.minus(Duration.ofMinutes(10))), insertedTenMinutesAgo);

        new ReplayClaimPurge(store, Clock.systemUTC()).purge();

        assertThat(jdbc.queryForList("select fingerprint from roster_replay_claims", UUID.class))
                .containsExactlyInAnyOrder(justInserted, insertedTenMinutesAgo);
    }
}
