package io.roster.command.auth.application;

import java.security.SecureRandom;

/** Random keys and secrets, from an alphabet devices and URLs handle without escaping. */
public final class SecretGenerator {

    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SecureRandom random;

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    /** An 11-character product key, as the seed platform's keys look (62^11 ≈ 5·10^19 of them). */
    public String productKey() {
        return alphanumeric(11);
    }

    /** A 32-character product secret (about 190 bits). */
    public String productSecret() {
        return alphanumeric(32);
    }

    /** A 32-character lowercase-hex device secret (128 bits). */
    public String deviceSecret() {
        char[] out = new char[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = HEX[random.nextInt(HEX.length)];
        }
        return new String(out);
    }

    private String alphanumeric(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(out);
    }
}
