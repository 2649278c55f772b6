package io.roster.command.lifecycle.adapter.out.idempotency;

import io.roster.command.auth.support.MutableClock;
import io.roster.command.lifecycle.application.IdempotencyLeaseLostException;
import io.roster.command.lifecycle.application.IdempotencyStore.Claim;
import io.roster.command.lifecycle.application.IdempotencyStore.Claimed;
import io.roster.command.lifecycle.application.IdempotencyStore.Committed;
import io.roster.command.lifecycle.application.IdempotencyStore.Completed;
import io.roster.command.lifecycle.application.IdempotencyStore.InProgress;
import io.roster.command.lifecycle.application.IdempotencyStore.Lease;
import io.roster.command.lifecycle.application.IdempotencyStore.Mismatch;
import io.roster.command.lifecycle.application.IdempotencyStore.StoredResponse;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.contract.EncryptedSecret;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What both stores do with leases, commits and answers, against the real database, on a clock the test moves. */
abstract class IdempotencyStoreContract {

    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RETENTION = Duration.ofHours(24);
    static final String HASH = "a".repeat(64);
    static final String OTHER = "b".repeat(64);

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final String key = "caller|" + UUID.randomUUID();

    abstract IdempotencyStore store();

    Claim claim(String hash) {
        Instant now = clock.instant();
        return store().claim(key, hash, now, now.plus(LEASE), now.minus(RETENTION));
    }

    Lease claimed(String hash) {
        Claim claim = claim(hash);
        assertThat(claim).isInstanceOf(Claimed.class);
        return ((Claimed) claim).lease();
    }

    @Test
    void aLeasedKeyShouldBeInProgressUntilItsLeaseEndsThenFreeWhenNothingCommitted() {
        Lease first = claimed(HASH);

        assertThat(claim(HASH)).isInstanceOf(InProgress.class);
        assertThat(claim(OTHER)).isInstanceOf(Mismatch.class);
        clock.advance(LEASE);
        Lease retry = claimed(HASH);

        assertThat(retry.id()).isNotEqualTo(first.id());
        assertThat(claim(HASH)).isInstanceOf(InProgress.class);
    }

    @Test
    void aRequestWhoseKeyWasTakenOverShouldNeitherCommitNorStoreAnAnswer() {
        Lease first = claimed(HASH);
        clock.advance(LEASE.plusSeconds(1));
        Lease retry = claimed(HASH);

        assertThatThrownBy(() -> store().markCommitted(first, clock.instant().plus(LEASE)))
                .isInstanceOf(IdempotencyLeaseLostException.class);
        assertThatThrownBy(() -> store().renew(first, clock.instant().plus(LEASE)))
                .isInstanceOf(IdempotencyLeaseLostException.class);
        store().complete(first, new StoredResponse(201, "application/json", null));
        store().abandon(first, clock.instant());

        assertThat(claim(HASH)).isInstanceOf(InProgress.class);
        store().complete(retry, new StoredResponse(200, null, null));
        assertThat(claim(HASH)).isEqualTo(new Completed(new StoredResponse(200, null, null)));
    }

    @Test
    void aCommittedKeyWithoutAnAnswerShouldStayCommittedForTheRetention() {
        Lease first = claimed(HASH);
        store().markCommitted(first, clock.instant().plus(LEASE));

        assertThat(claim(HASH)).isInstanceOf(InProgress.class);
        clock.advance(LEASE);
        assertThat(claim(HASH)).isInstanceOf(Committed.class);
        assertThat(claim(OTHER)).isInstanceOf(Mismatch.class);
        clock.advance(RETENTION.minus(LEASE).minusSeconds(1));
        assertThat(claim(HASH)).isInstanceOf(Committed.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(claim(OTHER)).isInstanceOf(Claimed.class);
    }

    @Test
    void abandoningShouldFreeAKeyThatCommittedNothingAndEndTheLeaseOfOneThatDid() {
        Lease nothing = claimed(HASH);
        store().abandon(nothing, clock.instant());
        Lease applied = claimed(OTHER);

        store().markCommitted(applied, clock.instant().plus(LEASE));
        store().abandon(applied, clock.instant());
        clock.advance(Duration.ofMillis(1));

        assertThat(claim(OTHER)).isInstanceOf(Committed.class);
    }

    @Test
    void aStoredAnswerShouldReplayForTheRetentionThenBePurged() {
        Lease first = claimed(HASH);
        StoredResponse answer = new StoredResponse(201, "application/json", new EncryptedSecret("k1", "Y2lwaGVy"));
        store().markCommitted(first, clock.instant().plus(LEASE));
        store().complete(first, answer);

        clock.advance(LEASE.multipliedBy(2));
        assertThat(claim(HASH)).isEqualTo(new Completed(answer));
        assertThat(claim(OTHER)).isInstanceOf(Mismatch.class);
        clock.advance(RETENTION);
        assertThat(store().purge(clock.instant().minus(RETENTION))).isGreaterThanOrEqualTo(1);
        assertThat(claim(OTHER)).isInstanceOf(Claimed.class);
    }
}
