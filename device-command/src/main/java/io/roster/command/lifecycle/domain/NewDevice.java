package io.roster.command.lifecycle.domain;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;

/**
 * A device to be added to a product's list, as the product aggregate decides on it and records it.
 *
 * @param sn                     the serial number, or null
 * @param crossRegion            whether the device may connect in other regions
 * @param deviceSecret           a static device's secret, already encrypted; null for other devices
 * @param certificateFingerprint an X.509 device's registered certificate fingerprint (64 lowercase hex), or null
 */
public record NewDevice(String deviceKey, AuthType authType, String sn, boolean crossRegion,
                        EncryptedSecret deviceSecret, String certificateFingerprint) {
}
