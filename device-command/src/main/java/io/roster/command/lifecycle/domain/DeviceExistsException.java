package io.roster.command.lifecycle.domain;

public final class DeviceExistsException extends DomainException {
    public DeviceExistsException(String productKey, String deviceKey) {
        super("DEVICE_EXISTS", "Device " + deviceKey + " is already in the device list of product " + productKey + ".");
    }
}
