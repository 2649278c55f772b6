package io.roster.query.application;

import io.roster.contract.readside.ProjectionDigest;
import io.roster.contract.readside.ProjectionDigest.Digest;

/** What of the device list goes into the digest that the admin endpoint compares between two builds. */
public class DeviceListDigest {

    private final DeviceListReadModel readModel;

    public DeviceListDigest(DeviceListReadModel readModel) {
        this.readModel = readModel;
    }

    /**
     * Digest of the business content: products by key, then devices (tombstones apart) in their stable
     * order. Bookkeeping such as the stored sequence numbers is left out, so a rebuilt projection
     * has the same digest as the live one.
     */
    public Digest digest() {
        ProjectionDigest digest = new ProjectionDigest("products", "devices", "deletedDevices");
        readModel.forEachProduct(p -> digest.add("products", p.productKey(), p.name(), p.protocol(), p.nodeType(),
                p.codesGranted(), p.codesAvailable(), p.createdAt(), p.homeRegion(), p.replica()));
        readModel.forEachDevice(d -> digest.add(d.deleted() ? "deletedDevices" : "devices", d.productKey(),
                d.deviceKey(), d.authType(), d.status(), d.sn(), d.crossRegion(), d.certificateFingerprint(),
                d.addedAt(), d.activatedAt(), d.homeRegion(), d.replica(), d.homeActivated(), d.connectedHere(),
                d.crossRegionListed()));
        return digest.finish();
    }
}
