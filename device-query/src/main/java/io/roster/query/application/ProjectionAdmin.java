package io.roster.query.application;

import io.roster.query.domain.ProjectionDigest;
import io.roster.query.domain.ProjectionDigest.Digest;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Operations on the projection as a whole: its digest, to compare two builds of it, and a rebuild. */
public class ProjectionAdmin {

    /** Where a requested rebuild stands when the request returns. */
    public enum RebuildState {
        /** The projection was cleared and is being read again from the start of the topic. */
        REBUILDING,
        /** The consumer has not taken the request up yet; it will at its next poll. */
        REQUESTED
    }

    private final DeviceListReadModel readModel;
    private final RebuildTrigger trigger;
    private final Duration rebuildAckTimeout;

    public ProjectionAdmin(DeviceListReadModel readModel, RebuildTrigger trigger, Duration rebuildAckTimeout) {
        this.readModel = readModel;
        this.trigger = trigger;
        this.rebuildAckTimeout = rebuildAckTimeout;
    }

    /**
     * Digest of the business content: products by key, then devices (tombstones apart) in their stable
     * order. Bookkeeping such as the stored sequence numbers is left out, so a rebuilt projection
     * has the same digest as the live one.
     */
    public Digest digest() {
        ProjectionDigest digest = new ProjectionDigest("products", "devices", "deletedDevices");
        readModel.forEachProduct(p -> digest.add("products", p.productKey(), p.name(), p.protocol(), p.nodeType(),
                p.codesGranted(), p.codesAvailable(), p.createdAt()));
        readModel.forEachDevice(d -> digest.add(d.deleted() ? "deletedDevices" : "devices", d.productKey(),
                d.deviceKey(), d.authType(), d.status(), d.sn(), d.crossRegion(), d.certificateFingerprint(),
                d.addedAt(), d.activatedAt()));
        return digest.finish();
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
