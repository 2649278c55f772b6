package io.roster.contract.readside;

import io.roster.contract.readside.ProjectionDigest.Digest;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Operations on a projection as a whole: its digest, to compare two builds of it, and a rebuild.
 * What goes into the digest is the service's business; how a rebuild is asked for and awaited is the same
 * for every projection fed by an {@code EventStreamConsumer}.
 */
public class ProjectionAdmin {

    /** Where a requested rebuild stands when the request returns. */
    public enum RebuildState {
        /** The projection was cleared and is being read again from the start of the topic. */
        REBUILDING,
        /** The consumer has not taken the request up yet; it will at its next poll. */
        REQUESTED
    }

    private final Supplier<Digest> digester;
    private final RebuildTrigger trigger;
    private final Duration rebuildAckTimeout;

    /**
     * @param digester          digests the projection's business content, leaving out bookkeeping such as
     *                          stored sequence numbers so that a rebuilt projection digests like the live one
     * @param rebuildAckTimeout how long {@link #rebuild()} waits for the consumer to clear the projection
     */
    public ProjectionAdmin(Supplier<Digest> digester, RebuildTrigger trigger, Duration rebuildAckTimeout) {
        this.digester = Objects.requireNonNull(digester, "digester");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.rebuildAckTimeout = Objects.requireNonNull(rebuildAckTimeout, "rebuildAckTimeout");
    }

    public Digest digest() {
        return digester.get();
    }

    /** Asks for a rebuild and waits briefly until the consumer has cleared the projection. */
    public RebuildState rebuild() {
        try {
            trigger.requestRebuild().get(rebuildAckTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return RebuildState.REBUILDING;
        } catch (TimeoutException e) {
            return RebuildState.REQUESTED;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the rebuild could not start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RebuildState.REQUESTED;
        }
    }
}
