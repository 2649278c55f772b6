package io.roster.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A certificate's fingerprint: SHA-256 of its DER encoding as 64 lowercase hex characters — what
 * {@code openssl x509 -outform der | openssl dgst -sha256} prints, and the only form events carry
 * ({@code certificateFingerprint}, {@code revokedFingerprint}, a CA's {@code fingerprint}).
 */
public record Fingerprint(String hex) {

    /** Hex characters of a SHA-256 digest. */
    public static final int LENGTH = 64;

    /**
     * What {@link #parse(String)} accepts, as a regular expression for declarative validation ({@code @Pattern});
     * code parses with {@link #parse(String)}, which costs no regular expression per call.
     */
    public static final String PATTERN = "(?i)[0-9a-f]{64}|([0-9a-f]{2}:){31}[0-9a-f]{2}";

    private static final int PAIRS = LENGTH / 2;
    private static final int COLON_SEPARATED_LENGTH = LENGTH + PAIRS - 1;

    /** @throws IllegalArgumentException unless {@code hex} is 64 lowercase hex characters */
    public Fingerprint {
        if (!canonical(hex)) {
            throw new IllegalArgumentException("a fingerprint is 64 lowercase hex characters");
        }
    }

    /** The fingerprint of a certificate given as DER. */
    public static Fingerprint of(byte[] der) {
        try {
            return new Fingerprint(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /**
     * A fingerprint as an operator may type it: 64 hex digits, or 32 colon-separated pairs as
     * {@code openssl x509 -fingerprint -sha256} prints them ({@code AB:CD:...}), in either case. Normalised to
     * lowercase without colons; empty for anything else.
     */
    public static Optional<Fingerprint> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        boolean colons = text.length() == COLON_SEPARATED_LENGTH;
        if (!colons && text.length() != LENGTH) {
            return Optional.empty();
        }
        char[] out = new char[LENGTH];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (colons && i % 3 == 2) {
                if (c != ':') {
                    return Optional.empty();
                }
                continue;
            }
            char lower = c >= 'A' && c <= 'F' ? (char) (c + ('a' - 'A')) : c;
            if (!hexDigit(lower)) {
                return Optional.empty();
            }
            out[n++] = lower;
        }
        return Optional.of(new Fingerprint(new String(out)));
    }

    /** Whether {@code other} is the same fingerprint, compared in constant time; false for null. */
    public boolean matches(Fingerprint other) {
        return other != null && MessageDigest.isEqual(hex.getBytes(StandardCharsets.US_ASCII),
                other.hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return hex;
    }

    private static boolean canonical(String hex) {
        if (hex == null || hex.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (!hexDigit(hex.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
