package io.roster.command.lifecycle.domain;

public final class UnknownCaException extends DomainException {
    public UnknownCaException(String productKey, String caId) {
        super("UNKNOWN_CA", "Product " + productKey + " has no CA certificate " + caId + ".");
    }
}
