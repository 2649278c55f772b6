package io.roster.command.auth.domain.replay;

import java.util.Locale;

/** The arithmetic behind {@link ReplayGuard}'s 128-bit request fingerprints. */
final class Fingerprints {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Fingerprints() {
    }

    /** 64 well-mixed bits of the product key, device key and timestamp. */
    static long mix(String productKey, String deviceKey, long timestamp) {
        long h = fnv(fnv(FNV_OFFSET, productKey) ^ '\n' * FNV_PRIME, deviceKey);
        return finish(h ^ finish(timestamp));
    }

    /**
     * The 64 bits that the 16 hex digits of {@code signature} from {@code from} spell, in either case; when the
     * signature is not hex there (it always is once verified), a hash of the whole signature seeded by {@code from}.
     */
    static long half(String signature, int from) {
        if (signature.length() >= from + 16) {
            long bits = 0;
            int i = from;
            for (; i < from + 16; i++) {
                int digit = Character.digit(signature.charAt(i), 16);
                if (digit < 0) {
                    break;
                }
                bits = (bits << 4) | digit;
            }
            if (i == from + 16) {
                return bits;
            }
        }
        return finish(fnv(FNV_OFFSET ^ from, signature.toLowerCase(Locale.ROOT)));
    }

    private static long fnv(long h, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
