package io.roster.command.adapter.in.web;

/** {@link ProductController#KEY} as a loop, for the paths where a regular expression per call shows. */
final class Keys {

    private Keys() {
    }

    /** 1–64 characters of {@code A-Z a-z 0-9 _ . : @ -}. */
    static boolean valid(String key) {
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
