package io.roster.contract;

/**
 * The rule for product and device keys, the one place it is written: 1–64 characters of
 * {@code A-Z a-z 0-9 _ . : @ -}. A key never contains a slash, which is what lets {@link DeviceId} name a
 * device by {@code productKey/deviceKey}.
 */
public final class Keys {

    /** The longest key. */
    public static final int MAX_LENGTH = 64;

    /**
     * The same rule as a regular expression, for declarative validation ({@code @Pattern}); code checks a key
     * with {@link #valid(String)}, which costs no regular expression per call.
     */
    public static final String PATTERN = "[A-Za-z0-9_.:@-]{1," + MAX_LENGTH + "}";

    /** What a refused key is told, in the words of the API documentation. */
    public static final String RULE = "must be 1-64 characters of A-Z a-z 0-9 _ . : @ -";

    private Keys() {
    }

    /** Whether {@code key} is a valid product or device key; false for null. */
    public static boolean valid(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (!allowed(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code key} itself if it is valid.
     *
     * @param what names the key in the message, e.g. {@code "productKey"}
     * @throws IllegalArgumentException if it is not
     */
    public static String require(String key, String what) {
        if (!valid(key)) {
            throw new IllegalArgumentException(what + " " + RULE);
        }
        return key;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
    }
}
