package io.roster.query.application;

/** No product with this key was ever created (as far as this read model has seen). */
public class UnknownProductException extends RuntimeException {

    public UnknownProductException(String productKey) {
        super("no product '" + productKey + "'");
    }
}
