package io.roster.command.auth.replay;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The replay claims every device-command instance of a deployment shares, in the database of the event store
 * (docs/security.md, "Replay protection"). A claim is a request's 128-bit {@link ReplayGuard#fingerprint} and the
 * instant its timestamp leaves the window; a fingerprint can be claimed once, by one instance, until its claim is
 * purged, which happens only after that instant.
 */
public interface ReplayClaimStore {

    /** One claim: the request's fingerprint and when its timestamp leaves the ±5-minute window. */
    record Claim(UUID fingerprint, Instant expiresAt) {
    }

    /**
     * Stores the claims not stored yet, in one statement, and returns the fingerprints it stored: the claims won.
     * {@code claims} hold distinct fingerprints. A failure (the store unreachable, a timeout) throws; then no claim of
     * the batch counts as won.
     */
    Set<UUID> claim(List<Claim> claims);

    /** Deletes at most {@code limit} claims that expired before {@code expiredBefore}; returns how many. */
    int purge(Instant expiredBefore, int limit);
}
