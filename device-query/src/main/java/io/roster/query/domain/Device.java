package io.roster.query.domain;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceStatus;

import java.time.Instant;

/**
 * A device of a product's list. A deleted device stays as a tombstone so that an older, replayed
 * addition cannot bring it back; the API never shows tombstones.
 */
public record Device(String productKey, String deviceKey, AuthType authType, DeviceStatus status, String sn,
                     boolean crossRegion, String certificateFingerprint, Instant addedAt, Instant activatedAt,
                     boolean deleted) {
}
