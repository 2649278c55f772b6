package io.roster.command.lifecycle.application;

import java.time.Instant;

/**
 * What a store holds for one key, and the rule both stores apply when a request claims it.
 *
 * @param requestHash SHA-256 of the method, path and body of the request that holds the key
 * @param answered    whether its answer is stored
 * @param committed   whether its command committed
 * @param createdAt   when that request claimed the key; the record is kept for the retention from then
 * @param leaseUntil  until when the request holds the key while it has no answer (null in records written before
 *                    leases: such a lease is over)
 */
public record IdempotencyRecord(String requestHash, boolean answered, boolean committed, Instant createdAt,
                                Instant leaseUntil) {

    /** What a claim of the key finds. */
    public enum Verdict {
        /** The key is free: the claiming request takes it and runs. */
        TAKE_OVER,
        /** Replay the stored answer. */
        COMPLETED,
        /** Its request is still running: retry later. */
        IN_PROGRESS,
        /** Its command committed and its answer is lost: it is not run again. */
        COMMITTED,
        /** The key belongs to a different request. */
        MISMATCH
    }

    /**
     * A record created before {@code expiredBefore} is free. An answered one replays to the same request. One
     * without an answer is in progress while its lease lasts; after that it is free unless its command committed,
     * which then stays final for the retention: a committed command is never run a second time.
     */
    public Verdict judge(String claimingHash, Instant now, Instant expiredBefore) {
        if (createdAt.isBefore(expiredBefore)) {
            return Verdict.TAKE_OVER;
        }
        boolean leased = leaseUntil != null && now.isBefore(leaseUntil);
        if (!answered && !committed && !leased) {
            return Verdict.TAKE_OVER;
        }
        if (!requestHash.equals(claimingHash)) {
            return Verdict.MISMATCH;
        }
        if (answered) {
            return Verdict.COMPLETED;
        }
        return leased ? Verdict.IN_PROGRESS : Verdict.COMMITTED;
    }
}
