package io.roster.query.domain;

import io.roster.contract.DeviceId;
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.DeviceAdded;

import java.time.Instant;

/**
 * What a run of events does to one device document. An addition replaces the whole device (a device
 * added again after deletion starts afresh); activation and deletion after it are applied on top. For the
 * copy of another region's device, the run's last copy replaces what is held of it, and its connection here
 * or its removal is applied on top.
 *
 * @param lastSeq     sequence number of the run's last event for this device
 * @param added       the run's last addition, or null
 * @param addedAt     when that addition happened, or null
 * @param activatedAt when the device was activated after that addition (or in the run), or null
 * @param deletedAt   when the device was deleted after that addition (or in the run), or null
 * @param fingerprintChanged whether a certificate was pinned or its pin reset after that addition
 * @param fingerprint the pinned fingerprint then, or null after a reset
 * @param homeRegion  the region that recorded the addition, when the run holds one
 * @param crossRegion whether the device is on its home's cross-region list after the run; null: not touched
 * @param crossRegionListed whether it is on this region's cross-region list after the run; null: not touched
 * @param copy        the run's last copy of another region's device, or null
 * @param connectedAt when the copy connected here, if the run's last connection or removal is a connection
 * @param removedAt   when the copy was removed, if the run's last connection or removal is a removal
 */
public record DeviceChange(DeviceId device, long lastSeq, DeviceAdded added, Instant addedAt, Instant activatedAt,
                           Instant deletedAt, boolean fingerprintChanged, String fingerprint, String homeRegion,
                           Boolean crossRegion, Boolean crossRegionListed, CrossRegionDeviceReplicated copy,
                           Instant connectedAt, Instant removedAt) {

    /** Whether the change can create the document: only an addition or a copy says what the device is. */
    public boolean createsDevice() {
        return added != null || copy != null;
    }
}
