package io.roster.command.lifecycle.domain;

public final class WrongAuthTypeException extends DomainException {
    public WrongAuthTypeException(String deviceKey, String operation) {
        super("WRONG_AUTH_TYPE", "Device " + deviceKey + " does not use the authentication type that " + operation + " needs.");
    }
}
