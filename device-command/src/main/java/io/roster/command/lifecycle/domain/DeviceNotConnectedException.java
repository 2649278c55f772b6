package io.roster.command.lifecycle.domain;

public final class DeviceNotConnectedException extends DomainException {
    public DeviceNotConnectedException(String deviceKey) {
        super("DEVICE_NOT_CONNECTED", "Device " + deviceKey + " has not connected yet; there is nothing to reset.");
    }
}
