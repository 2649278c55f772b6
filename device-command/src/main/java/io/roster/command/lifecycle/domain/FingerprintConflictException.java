package io.roster.command.lifecycle.domain;

public final class FingerprintConflictException extends DomainException {
    public FingerprintConflictException(String deviceKey) {
        super("FINGERPRINT_MISMATCH", "Device " + deviceKey + " is bound to another certificate.");
    }
}
