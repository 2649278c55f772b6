package io.roster.command.lifecycle.application;

import io.roster.command.auth.support.MutableClock;
import io.roster.command.lifecycle.application.IdempotencyRecord.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease rule both stores apply, as time passes on a clock the test moves. */
class IdempotencyRecordTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final String HASH = "a".repeat(64);
    private static final String OTHER = "b".repeat(64);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final Instant claimedAt = clock.instant();

    private Verdict judge(IdempotencyRecord record, String hash) {
        return record.judge(hash, clock.instant(), clock.instant().minus(RETENTION));
    }

    private IdempotencyRecord inFlight(boolean committed) {
        return new IdempotencyRecord(HASH, false, committed, claimedAt, claimedAt.plus(LEASE));
    }

    @Test
    void aRequestInFlightShouldHoldItsKeyForTheLeaseOnlyWhenNothingCommitted() {
        IdempotencyRecord record = inFlight(false);

        clock.advance(LEASE.minusSeconds(1));
        assertThat(judge(record, HASH)).isEqualTo(Verdict.IN_PROGRESS);
        assertThat(judge(record, OTHER)).isEqualTo(Verdict.MISMATCH);

        clock.advance(Duration.ofSeconds(1));
        assertThat(judge(record, HASH)).isEqualTo(Verdict.TAKE_OVER);
        assertThat(judge(record, OTHER)).isEqualTo(Verdict.TAKE_OVER);
    }

    @Test
    void aCommittedCommandWithoutAnAnswerShouldNeverBeRunAgainWithinTheRetention() {
        IdempotencyRecord record = inFlight(true);

        assertThat(judge(record, HASH)).isEqualTo(Verdict.IN_PROGRESS);
        clock.advance(LEASE);
        assertThat(judge(record, HASH)).isEqualTo(Verdict.COMMITTED);
        assertThat(judge(record, OTHER)).isEqualTo(Verdict.MISMATCH);

        clock.advance(RETENTION.minus(LEASE).minusSeconds(1));
        assertThat(judge(record, HASH)).isEqualTo(Verdict.COMMITTED);
        clock.advance(Duration.ofSeconds(2));
        assertThat(judge(record, HASH)).isEqualTo(Verdict.TAKE_OVER);
    }

    @Test
    void aStoredAnswerShouldBeKeptForTheRetentionWhateverTheLease() {
        IdempotencyRecord record = new IdempotencyRecord(HASH, true, true, claimedAt, claimedAt.plus(LEASE));

        assertThat(judge(record, HASH)).isEqualTo(Verdict.COMPLETED);
        clock.advance(RETENTION.minusSeconds(1));
        assertThat(judge(record, HASH)).isEqualTo(Verdict.COMPLETED);
        assertThat(judge(record, OTHER)).isEqualTo(Verdict.MISMATCH);
        clock.advance(Duration.ofSeconds(2));
        assertThat(judge(record, OTHER)).isEqualTo(Verdict.TAKE_OVER);
    }

    @Test
    void aRecordWrittenBeforeLeasesShouldCountAsNoLongerLeased() {
        IdempotencyRecord record = new IdempotencyRecord(HASH, false, false, claimedAt, null);

        assertThat(judge(record, HASH)).isEqualTo(Verdict.TAKE_OVER);
    }
}
