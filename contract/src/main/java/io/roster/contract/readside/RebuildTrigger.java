package io.roster.contract.readside;

import java.util.concurrent.CompletableFuture;

/** Starts a rebuild of the projection from the start of the event topic (the outgoing port the consumer implements). */
public interface RebuildTrigger {

    /** Completes once the projection was cleared and reading restarted from the beginning. */
    CompletableFuture<Void> requestRebuild();
}
