package io.roster.command.lifecycle.domain;

public final class AlreadyRegisteredException extends DomainException {
    public AlreadyRegisteredException(String deviceKey) {
        super("ALREADY_REGISTERED", "Device " + deviceKey + " already holds a device secret; reset it before registering again.");
    }
}
