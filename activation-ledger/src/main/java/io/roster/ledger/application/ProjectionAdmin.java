package io.roster.ledger.application;

import io.roster.ledger.domain.ProjectionDigest;
import io.roster.ledger.domain.ProjectionDigest.Digest;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Operations on the ledger as a whole: its digest, to compare two builds of it, and a rebuild. */
public class ProjectionAdmin {

    /** Where a requested rebuild stands when the request returns. */
    public enum RebuildState {
        /** The ledger was cleared and is being read again from the start of the topic. */
        REBUILDING,
        /** The consumer has not taken the request up yet; it will at its next poll. */
        REQUESTED
    }

    private final LedgerReadModel readModel;
    private final RebuildTrigger trigger;
    private final Duration rebuildAckTimeout;

    public ProjectionAdmin(LedgerReadModel readModel, RebuildTrigger trigger, Duration rebuildAckTimeout) {
        this.readModel = readModel;
        this.trigger = trigger;
        this.rebuildAckTimeout = rebuildAckTimeout;
    }

    /**
     * Digest of the business content: balances by product, entries by event id, charged devices in their
     * stable order. Bookkeeping such as the stored sequence number of a balance is left out, so a
     * rebuilt ledger has the same digest as the live one.
     */
    public Digest digest() {
        ProjectionDigest digest = new ProjectionDigest("balances", "entries", "charged");
        readModel.forEachBalance(b -> digest.add("balances", b.productKey(), b.granted(), b.reserved(), b.consumed(),
                b.refunded(), b.available(), b.drifts()));
        readModel.forEachEntry(e -> digest.add("entries", e.eventId(), e.kind(), e.productKey(), e.deviceKey(),
                e.count(), e.at(), e.seq()));
        readModel.forEachCharged(c -> digest.add("charged", c.productKey(), c.deviceKey(), c.since(), c.seq()));
        return digest.finish();
    }

    /** Asks for a rebuild and waits briefly until the consumer has cleared the ledger. */
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
