package io.roster.query.domain;

import io.roster.contract.DeviceId;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.CrossRegionDeviceConnected;
import io.roster.contract.event.CrossRegionDeviceRemoved;
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.CrossRegionFingerprintPinned;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceCrossRegionDisabled;
import io.roster.contract.event.DeviceCrossRegionEnabled;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.DeviceEvent;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.FingerprintReset;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.ProductReplicated;
import io.roster.contract.readside.SequencedEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of events does to the device list: at most one change per product and per device, so a
 * batch costs one write per document touched instead of one per event.
 */
public record DeviceListChanges(List<ProductChange> products, List<DeviceChange> devices) {

    /** Sequence number of a document that was never written. */
    public static final long NONE = -1;

    /** An event of the batch and the region that recorded it (the envelope's {@code region}). */
    public record Recorded(SequencedEvent event, String region) {
    }

    /**
     * Folds a batch (in topic order) into changes. An event whose sequence number is not above the one
     * its document already holds was applied before (a redelivery or a replayed duplicate) and is left
     * out; a document none of whose events is new gets no change at all.
     *
     * @param productSeqs stored {@code lastSeq} per product key; absent for products not stored yet
     * @param deviceSeqs  stored {@code lastSeq} per device; absent for devices not stored yet
     */
    public static DeviceListChanges fold(List<Recorded> batch, Map<String, Long> productSeqs,
                                         Map<DeviceId, Long> deviceSeqs) {
        Map<String, ProductRun> products = new LinkedHashMap<>();
        Map<DeviceId, DeviceRun> devices = new LinkedHashMap<>();
        for (Recorded recorded : batch) {
            SequencedEvent e = recorded.event();
            String productKey = e.event().productKey();
            if (touchesProduct(e)) {
                products.computeIfAbsent(productKey, k -> new ProductRun(k, productSeqs.getOrDefault(k, NONE)))
                        .apply(e, recorded.region());
            }
            if (e.event() instanceof DeviceEvent deviceEvent) {
                DeviceId id = new DeviceId(productKey, deviceEvent.deviceKey());
                devices.computeIfAbsent(id, k -> new DeviceRun(k, deviceSeqs.getOrDefault(k, NONE)))
                        .apply(e, recorded.region());
            }
        }
        return new DeviceListChanges(
                products.values().stream().filter(ProductRun::changed).map(ProductRun::toChange).toList(),
                devices.values().stream().filter(DeviceRun::changed).map(DeviceRun::toChange).toList());
    }

    public boolean isEmpty() {
        return products.isEmpty() && devices.isEmpty();
    }

    /** Activation moves a code from reserved to consumed: the product's counts stay as they are. */
    private static boolean touchesProduct(SequencedEvent e) {
        return !(e.event() instanceof DeviceActivated);
    }

    private static final class ProductRun {
        private final String productKey;
        private long lastSeq;
        private boolean changed;
        private ProductCreated created;
        private Instant createdAt;
        private Long codesGranted;
        private Long codesAvailable;
        private String homeRegion;
        private ProductReplicated replicated;
        private Instant replicatedAt;

        ProductRun(String productKey, long storedSeq) {
            this.productKey = productKey;
            this.lastSeq = storedSeq;
        }

        void apply(SequencedEvent e, String region) {
            if (e.seq() <= lastSeq) {
                return;
            }
            lastSeq = e.seq();
            changed = true;
            if (e.event() instanceof ProductCreated c) {
                created = c;
                createdAt = e.at();
                homeRegion = region;
            } else if (e.event() instanceof ProductReplicated r) {
                replicated = r;
                replicatedAt = replicatedAt == null ? e.at() : replicatedAt;
            } else if (e.event() instanceof ActivationCodesGranted g) {
                codesGranted = g.grantedTotal();
                codesAvailable = g.available();
            } else if (e.event() instanceof DeviceAdded a) {
                codesAvailable = a.available();
            } else if (e.event() instanceof DeviceDeleted d) {
                codesAvailable = d.available();
            }
        }

        boolean changed() {
            return changed;
        }

        ProductChange toChange() {
            return new ProductChange(productKey, lastSeq, created, createdAt, codesGranted, codesAvailable, homeRegion,
                    replicated, replicatedAt);
        }
    }

    private static final class DeviceRun {
        private final DeviceId device;
        private long lastSeq;
        private boolean changed;
        private DeviceAdded added;
        private Instant addedAt;
        private Instant activatedAt;
        private Instant deletedAt;
        private boolean fingerprintChanged;
        private String fingerprint;
        private String homeRegion;
        private Boolean crossRegion;
        private Boolean crossRegionListed;
        private CrossRegionDeviceReplicated copy;
        private Instant connectedAt;
        private Instant removedAt;

        DeviceRun(DeviceId device, long storedSeq) {
            this.device = device;
            this.lastSeq = storedSeq;
        }

        void apply(SequencedEvent e, String region) {
            if (e.seq() <= lastSeq) {
                return;
            }
            lastSeq = e.seq();
            changed = true;
            if (e.event() instanceof DeviceAdded a) {
                added = a;
                addedAt = e.at();
                activatedAt = null;
                deletedAt = null;
                fingerprintChanged = false;
                fingerprint = null;
                homeRegion = region;
                crossRegion = a.crossRegion();
                crossRegionListed = a.crossRegion();
            } else if (e.event() instanceof DeviceCrossRegionEnabled) {
                crossRegion = true;
                crossRegionListed = true;
            } else if (e.event() instanceof DeviceCrossRegionDisabled) {
                crossRegion = false;
                crossRegionListed = false;
            } else if (e.event() instanceof CrossRegionDeviceReplicated r) {
                copy = r;
                crossRegionListed = true;
                fingerprintChanged = true;
                fingerprint = r.certificateFingerprint();
            } else if (e.event() instanceof CrossRegionFingerprintPinned p) {
                fingerprintChanged = true;
                fingerprint = p.certificateFingerprint();
            } else if (e.event() instanceof CrossRegionDeviceConnected) {
                connectedAt = e.at();
                removedAt = null;
            } else if (e.event() instanceof CrossRegionDeviceRemoved) {
                removedAt = e.at();
                connectedAt = null;
                crossRegionListed = false;
            } else if (e.event() instanceof FingerprintPinned p) {
                fingerprintChanged = true;
                fingerprint = p.certificateFingerprint();
            } else if (e.event() instanceof FingerprintReset) {
                fingerprintChanged = true;
                fingerprint = null;
            } else if (e.event() instanceof DeviceActivated) {
                activatedAt = e.at();
            } else if (e.event() instanceof DeviceDeleted) {
                deletedAt = e.at();
                crossRegionListed = false;
            }
        }

        boolean changed() {
            return changed;
        }

        DeviceChange toChange() {
            return new DeviceChange(device, lastSeq, added, addedAt, activatedAt, deletedAt, fingerprintChanged,
                    fingerprint, homeRegion, crossRegion, crossRegionListed, copy, connectedAt, removedAt);
        }
    }
}
