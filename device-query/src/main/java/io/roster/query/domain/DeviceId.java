package io.roster.query.domain;

/** A device of a product's list: device keys are unique within their product only. */
public record DeviceId(String productKey, String deviceKey) {

    /** The one string that names the device across products (device keys never contain a slash). */
    public String asString() {
        return productKey + "/" + deviceKey;
    }
}
