package io.roster.query.domain;

import io.roster.contract.DeviceId;
import io.roster.contract.event.DeviceAdded;

import java.time.Instant;

/**
 * What a run of events does to one device document. An addition replaces the whole device (a device
 * added again after deletion starts afresh); activation and deletion after it are applied on top.
 *
 * @param lastSeq     sequence number of the run's last event for this device
 * @param added       the run's last addition, or null
 * @param addedAt     when that addition happened, or null
 * @param activatedAt when the device was activated after that addition (or in the run), or null
 * @param deletedAt   when the device was deleted after that addition (or in the run), or null
 * @param fingerprintChanged whether a certificate was pinned or its pin reset after that addition
 * @param fingerprint the pinned fingerprint then, or null after a reset
 */
public record DeviceChange(DeviceId device, long lastSeq, DeviceAdded added, Instant addedAt, Instant activatedAt,
                           Instant deletedAt, boolean fingerprintChanged, String fingerprint) {

    /** Whether the change can create the document: only an addition says what the device is. */
    public boolean createsDevice() {
        return added != null;
    }
}
