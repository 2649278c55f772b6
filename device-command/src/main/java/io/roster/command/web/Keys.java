package io.roster.command.web;

/** The syntax of product, device and CA keys: {@link #KEY} for Bean Validation, {@link #valid} as a loop, for the paths where a regular expression per call shows. */
public final class Keys {

    /** 1–64 characters of {@code A-Z a-z 0-9 _ . : @ -}, as a regular expression. */
    public static final String KEY = "[A-Za-z0-9_.:@-]{1,64}";

    private Keys() {
    }

    /** 1–64 characters of {@code A-Z a-z 0-9 _ . : @ -}. */
    public static boolean valid(String key) {
        if (key == null || key.isEmpty() || key.length() > 64) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
