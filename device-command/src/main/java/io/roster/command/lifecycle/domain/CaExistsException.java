package io.roster.command.lifecycle.domain;

public final class CaExistsException extends DomainException {
    public CaExistsException(String productKey, String fingerprint) {
        super("CA_EXISTS", "This CA certificate (" + fingerprint + ") was already uploaded for product " + productKey + ".");
    }
}
