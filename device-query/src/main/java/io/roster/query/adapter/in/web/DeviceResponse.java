package io.roster.query.adapter.in.web;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceStatus;
import io.roster.query.domain.Device;

import java.time.Instant;

/**
 * A device of a product's list. Never a secret: the device secret is only ever read from device-command.
 *
 * @param homeRegion  where the device was added; another region for a visitor that connected here
 * @param crossRegion whether it is on its home region's cross-region device list
 */
public record DeviceResponse(String productKey, String deviceKey, AuthType authType, DeviceStatus status, String sn,
                             boolean crossRegion, String homeRegion, String certificateFingerprint, Instant addedAt,
                             Instant activatedAt) {

    static DeviceResponse of(Device d) {
        return new DeviceResponse(d.productKey(), d.deviceKey(), d.authType(), d.status(), d.sn(), d.crossRegion(),
                d.homeRegion(), d.certificateFingerprint(), d.addedAt(), d.activatedAt());
    }
}
