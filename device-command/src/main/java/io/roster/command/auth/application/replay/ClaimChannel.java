package io.roster.command.auth.application.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Where a follower sends its claims, one at a time, to be decided by the instance that leads them. */
public interface ClaimChannel extends AutoCloseable {

    /** The longest a decision waits for its forwarded claim; then it is refused (fail closed). */
    Duration TIMEOUT = Duration.ofSeconds(1);
    /** The claims that may wait for the lead's answer at once; more are refused. */
    int QUEUE = 65_536;

    /**
     * Claims {@code fingerprint} until {@code expiresAt}: {@code true} if won, {@code false} if claimed before, or
     * exceptionally with {@link ClaimUnavailableException} when that could not be decided in time.
     */
    CompletableFuture<Boolean> claim(UUID fingerprint, Instant expiresAt);

    /** Stops; claims still waiting are refused. */
    @Override
    void close();
}
