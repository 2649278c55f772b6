package io.roster.contract;

/**
 * A device across products: device keys are unique within their product only. Its one string form is
 * {@code productKey/deviceKey} ({@link #asString()}, read back by {@link #parse(String)}); it is unambiguous
 * because no key contains a slash ({@link Keys}).
 */
public record DeviceId(String productKey, String deviceKey) {

    private static final char SEPARATOR = '/';

    /** @throws IllegalArgumentException if either key breaks the {@link Keys} rule */
    public DeviceId {
        Keys.require(productKey, "productKey");
        Keys.require(deviceKey, "deviceKey");
    }

    /**
     * The device named by {@code productKey/deviceKey}.
     *
     * @throws IllegalArgumentException if the text is not exactly two valid keys joined by one slash
     */
    public static DeviceId parse(String text) {
        int slash = text == null ? -1 : text.indexOf(SEPARATOR);
        if (slash < 0) {
            throw new IllegalArgumentException("a device id is productKey/deviceKey");
        }
        return new DeviceId(text.substring(0, slash), text.substring(slash + 1));
    }

    /** {@code productKey/deviceKey}: the one string that names the device across products. */
    public String asString() {
        return productKey + SEPARATOR + deviceKey;
    }

    @Override
    public String toString() {
        return asString();
    }
}
