package io.roster.query.adapter.in.web;

import io.roster.contract.AuthType;
import io.roster.query.domain.Device;

/**
 * A device on the region's cross-region device list. Never a secret nor a ciphertext: of a credential, only the
 * certificate fingerprint is shown.
 *
 * @param homeRegion    where the device was added
 * @param activated     whether it is activated in its home region
 * @param connectedHere whether it connected in this region; null for the region's own devices, whose connections
 *                      show in {@code activated}
 */
public record CrossRegionDeviceResponse(String productKey, String deviceKey, String homeRegion, AuthType authType,
                                        String sn, String certificateFingerprint, boolean activated,
                                        Boolean connectedHere) {

    static CrossRegionDeviceResponse of(Device d) {
        return new CrossRegionDeviceResponse(d.productKey(), d.deviceKey(), d.homeRegion(), d.authType(), d.sn(),
                d.certificateFingerprint(), d.activatedAtHome(), d.replica() ? d.connectedHere() : null);
    }
}
