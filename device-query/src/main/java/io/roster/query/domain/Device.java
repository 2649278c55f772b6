package io.roster.query.domain;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceStatus;

import java.time.Instant;

/**
 * A device of this region: one of its own, or the copy of another region's cross-region device. A deleted device
 * stays as a tombstone so that an older, replayed addition cannot bring it back; the API never shows tombstones. A
 * copy is on the region's device list only while it has connected here ({@code deleted} is true before that and
 * after its removal), and on the cross-region device list from its replication to its removal.
 *
 * @param crossRegion       whether the device is on the cross-region device list of its home region
 * @param homeRegion        the region where the device was added (its home)
 * @param replica           whether this is the copy of another region's device
 * @param homeActivated     for a copy, whether its home region holds it activated; for an own device, false
 * @param connectedHere     for a copy, whether it connected in this region; for an own device, false
 * @param crossRegionListed whether it is on this region's cross-region device list now
 */
public record Device(String productKey, String deviceKey, AuthType authType, DeviceStatus status, String sn,
                     boolean crossRegion, String certificateFingerprint, Instant addedAt, Instant activatedAt,
                     boolean deleted, String homeRegion, boolean replica, boolean homeActivated,
                     boolean connectedHere, boolean crossRegionListed) {

    /** Whether the device is activated in its home region. */
    public boolean activatedAtHome() {
        return replica ? homeActivated : status == DeviceStatus.ACTIVATED;
    }
}
