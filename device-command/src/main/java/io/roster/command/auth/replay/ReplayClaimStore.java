package io.roster.command.auth.replay;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The replay claims every device-command instance of a deployment shares, in the database of the event store
 * (docs/security.md, "Replay protection"). A claim is a request's 128-bit {@link ReplayGuard#fingerprint} and the
 * instant its timestamp leaves the window; a fingerprint can be claimed once, by one instance, until its claim is
 * purged, which happens only after that instant. Each claim also records when it was inserted, by the store's
 * clock, so that an instance taking the lead of the claims ({@link ReplayClaims}) can read those it has not seen.
 */
public interface ReplayClaimStore extends ClaimSink {

    /** One claim: the request's fingerprint and when its timestamp leaves the ±5-minute window. */
    record Claim(UUID fingerprint, Instant expiresAt) {
    }

    /**
     * Writes claims already decided (from memory, by the lead), in one statement, without reading back which were
     * new; returns how many were. A failure throws.
     */
    int store(List<Claim> claims);

    /**
     * The claims inserted at or after {@code insertedFrom} that expire after {@code expiringAfter}, both by the
     * store's clock ({@link ReplayLeaseStore.Lease#now}).
     */
    List<Claim> claimsInsertedSince(Instant insertedFrom, Instant expiringAfter);

    /** Deletes at most {@code limit} claims that expired before {@code expiredBefore}; returns how many. */
    int purge(Instant expiredBefore, int limit);
}
