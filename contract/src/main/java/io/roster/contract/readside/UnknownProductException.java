package io.roster.contract.readside;

/**
 * No product with this key was ever created (as far as this read model has seen); answered 404
 * {@code UNKNOWN_PRODUCT} by {@link io.roster.contract.readside.web.ReadSideExceptionHandler}.
 */
public class UnknownProductException extends RuntimeException {

    public UnknownProductException(String productKey) {
        super("no product '" + productKey + "'");
    }
}
