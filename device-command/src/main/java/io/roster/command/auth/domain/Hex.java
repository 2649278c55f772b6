package io.roster.command.auth.domain;

/** Lowercase hexadecimal, the only form signatures and fingerprints take on the wire. */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * Decodes exactly {@code expectedBytes} bytes of lowercase hex; {@code null} if the text has another
     * length or any character outside {@code [0-9a-f]} (uppercase is refused: the contract says lowercase).
     */
    public static byte[] decodeLowercase(String text, int expectedBytes) {
        if (text == null || text.length() != expectedBytes * 2) {
            return null;
        }
        byte[] out = new byte[expectedBytes];
        for (int i = 0; i < expectedBytes; i++) {
            int hi = digit(text.charAt(2 * i));
            int lo = digit(text.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
