package io.roster.command.auth.replay;

import io.roster.command.auth.replay.ReplayClaimStore.Claim;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Where {@link ClaimBatcher} sends a batch of claims: the shared store, or the instance that leads the claims. */
@FunctionalInterface
public interface ClaimSink {

    /**
     * Claims what was not claimed before, and returns the fingerprints it claimed: the claims won. {@code claims}
     * hold distinct fingerprints. A failure (unreachable, a timeout, no longer in charge) throws; then no claim of the
     * batch counts as won.
     */
    Set<UUID> claim(List<Claim> claims);
}
