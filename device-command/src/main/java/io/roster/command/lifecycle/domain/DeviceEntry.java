package io.roster.command.lifecycle.domain;

import io.roster.contract.AuthType;

/**
 * A device as the product aggregate needs to know it to decide; everything else lives in the views. Public for the
 * snapshot mapping, which reads and rebuilds it outside the domain.
 *
 * @param hasSecret   whether it holds a device secret (static: always; dynamic: once registered)
 * @param fingerprint the registered or pinned certificate fingerprint of an X.509 device, or null
 */
public record DeviceEntry(AuthType authType, boolean codeHeld, boolean activated, boolean hasSecret, String fingerprint) {

    DeviceEntry activate() {
        return new DeviceEntry(authType, codeHeld, true, hasSecret, fingerprint);
    }

    DeviceEntry withSecret(boolean secret) {
        return new DeviceEntry(authType, codeHeld, activated, secret, fingerprint);
    }

    DeviceEntry withFingerprint(String newFingerprint) {
        return new DeviceEntry(authType, codeHeld, activated, hasSecret, newFingerprint);
    }
}
