package io.roster.query.application;

/** The product's device list holds no such device: it was never added, or it was deleted. */
public class UnknownDeviceException extends RuntimeException {

    public UnknownDeviceException(String productKey, String deviceKey) {
        super("product '" + productKey + "' has no device '" + deviceKey + "' in its list");
    }
}
