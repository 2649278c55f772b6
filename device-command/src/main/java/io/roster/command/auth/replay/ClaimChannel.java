package io.roster.command.auth.replay;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Where one claim at a time is sent and decided: the shared store in batches, or the lead instance. */
public interface ClaimChannel extends AutoCloseable {

    /**
     * Claims {@code fingerprint} until {@code expiresAt}: {@code true} if won, {@code false} if claimed before, or
     * exceptionally with {@link ClaimUnavailableException} when that could not be decided in time.
     */
    CompletableFuture<Boolean> claim(UUID fingerprint, Instant expiresAt);

    /** Stops; claims still waiting are refused. */
    @Override
    void close();
}
