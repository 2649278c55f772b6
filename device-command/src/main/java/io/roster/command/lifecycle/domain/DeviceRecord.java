package io.roster.command.lifecycle.domain;

import io.roster.contract.AuthType;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.DeviceEvent;
import io.roster.contract.event.DeviceSecretIssued;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.FingerprintReset;
import io.roster.contract.event.SecretReset;

/**
 * What a product needs to know about one device key to decide a command on it: whether the device is listed, and
 * as what, and whether it ever consumed an activation code (a deleted device's record stays to remember that).
 * Everything else about a device lives in the views.
 *
 * @param listed        whether the device is on the product's device list now
 * @param authType      its authentication type, while listed
 * @param codeHeld      whether its addition took an activation code, while listed
 * @param activated     whether it connected since it was (last) added
 * @param hasSecret     whether it holds a device secret (static: always; dynamic: once registered)
 * @param fingerprint   the registered or pinned certificate fingerprint of an X.509 device, or null
 * @param activatedOnce whether it ever consumed an activation code: it is never charged again, even after deletion
 */
public record DeviceRecord(boolean listed, AuthType authType, boolean codeHeld, boolean activated, boolean hasSecret,
                           String fingerprint, boolean activatedOnce) {

    /** The record of a device key that was never added. */
    public static final DeviceRecord NEVER_ADDED = new DeviceRecord(false, null, false, false, false, null, false);

    /** This record after one of the device's events: the only place the events' meaning for a record is written. */
    public DeviceRecord after(DeviceEvent event) {
        if (event instanceof DeviceAdded e) {
            // only a device that consumed a code before is added without a charge
            return new DeviceRecord(true, e.authType(), e.codeCharged(), false, e.deviceSecret() != null,
                    e.certificateFingerprint(), activatedOnce || !e.codeCharged());
        }
        if (event instanceof DeviceDeleted e) {
            return new DeviceRecord(false, null, false, false, false, null, activatedOnce || e.wasActivated());
        }
        if (event instanceof DeviceActivated) {
            return new DeviceRecord(listed, authType, codeHeld, true, hasSecret, fingerprint, true);
        }
        if (event instanceof DeviceSecretIssued) {
            return new DeviceRecord(listed, authType, codeHeld, activated, true, fingerprint, activatedOnce);
        }
        if (event instanceof SecretReset e) {
            return new DeviceRecord(listed, authType, codeHeld, activated, e.deviceSecret() != null, fingerprint,
                    activatedOnce);
        }
        if (event instanceof FingerprintPinned e) {
            return new DeviceRecord(listed, authType, codeHeld, activated, hasSecret, e.certificateFingerprint(),
                    activatedOnce);
        }
        if (event instanceof FingerprintReset) {
            return new DeviceRecord(listed, authType, codeHeld, activated, hasSecret, null, activatedOnce);
        }
        throw new IllegalArgumentException("not a device event: " + event);
    }

    /** Only a code that was taken and never consumed by an activation goes back. */
    boolean isRefundable() {
        return codeHeld && !activated;
    }
}
