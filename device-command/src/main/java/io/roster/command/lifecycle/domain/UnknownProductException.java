package io.roster.command.lifecycle.domain;

public final class UnknownProductException extends DomainException {
    public UnknownProductException(String productKey) {
        super("UNKNOWN_PRODUCT", "Product " + productKey + " does not exist.");
    }
}
