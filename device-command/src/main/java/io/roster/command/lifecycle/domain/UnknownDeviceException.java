package io.roster.command.lifecycle.domain;

public final class UnknownDeviceException extends DomainException {
    public UnknownDeviceException(String productKey, String deviceKey) {
        super("UNKNOWN_DEVICE", "Device " + deviceKey + " is not in the device list of product " + productKey + ".");
    }
}
