package io.roster.command.config;

import io.roster.command.adapter.out.replay.JdbcReplayClaimStore;
import io.roster.command.auth.replay.ReplayClaimStore.Claim;
import io.roster.command.auth.support.MutableClock;
import io.roster.command.config.AuthConfiguration.ReplayClaimPurge;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The periodic purge of replay claims on real PostgreSQL: everything expired past the grace, in bounded deletes. */
class ReplayClaimPurgeTest {

    @Test
    void purgeShouldDeleteEveryClaimExpiredBeforeTheGraceAndKeepTheOthers() {
        String database = "purge_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        SharedInfra.postgres().createDatabase(database);
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(database),
                SharedInfra.postgres().user(), SharedInfra.postgres().password()));
        JdbcReplayClaimStore store = new JdbcReplayClaimStore(jdbc, 5);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:10:00Z"));
        Instant longAgo = clock.instant().minus(AuthConfiguration.CLAIM_GRACE).minusSeconds(1);
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 10_005; i++) {
            claims.add(new Claim(UUID.randomUUID(), longAgo.minusMillis(i)));
        }
        UUID withinGrace = UUID.randomUUID();
        UUID live = UUID.randomUUID();
        claims.add(new Claim(withinGrace, clock.instant().minus(Duration.ofSeconds(30))));
        claims.add(new Claim(live, clock.instant().plus(Duration.ofMinutes(4))));
        store.claim(claims);

        new ReplayClaimPurge(store, clock).purge();

        assertThat(jdbc.queryForList("select fingerprint from roster_replay_claims", UUID.class))
                .containsExactlyInAnyOrder(withinGrace, live);
    }
}
