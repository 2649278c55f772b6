package io.roster.command.auth.application.replay;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The replay claims of a deployment, in the database of the event store (docs/security.md, "Replay protection"): what
 * the instance leading the claims ({@link ReplayClaims}) decided from memory, written behind in batches, so that the
 * next lead, after a restart, a failover or a hand-over, starts with every claim still in its window. Only the lead
 * writes; a batch is one row or document, however many claims it holds. Each batch records when it was inserted, by
 * the store's clock, so that a new lead can read those written since a given instant.
 */
public interface ReplayClaimStore {

    /** One claim: the request's fingerprint and when its timestamp leaves the ±5-minute window. */
    record Claim(UUID fingerprint, Instant expiresAt) {
    }

    /** Writes claims decided from memory, as one batch, in one statement. A failure throws; nothing is written. */
    void store(List<Claim> claims);

    /**
     * The claims of the batches inserted at or after {@code insertedFrom} (by the store's clock,
     * {@link ReplayLeaseStore.Lease#now}) that expire after {@code expiringAfter}.
     */
    List<Claim> claimsInsertedSince(Instant insertedFrom, Instant expiringAfter);

    /**
     * Deletes at most {@code limit} batches whose every claim expired before {@code expiredBefore}; returns how many
     * it deleted.
     */
    int purge(Instant expiredBefore, int limit);
}
