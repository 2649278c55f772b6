package io.roster.command.lifecycle.domain;

public final class NoDeviceSecretException extends DomainException {
    public NoDeviceSecretException(String productKey, String deviceKey) {
        super("NO_DEVICE_SECRET", "Device " + deviceKey + " of product " + productKey
                + " has no device secret: only static devices, and dynamic ones after registration, hold one.");
    }
}
