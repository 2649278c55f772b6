package io.roster.command.auth.adapter.out.replay;

import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch of replay claims as one binary value, the form both stores keep: per claim, its 128-bit fingerprint and its
 * expiry in epoch milliseconds, big-endian, 24 bytes.
 */
final class ClaimBatches {

    private static final int CLAIM_BYTES = 16 + 8;

    private ClaimBatches() {
    }

    static byte[] pack(List<Claim> claims) {
        ByteBuffer bytes = ByteBuffer.allocate(claims.size() * CLAIM_BYTES);
        for (Claim claim : claims) {
            bytes.putLong(claim.fingerprint().getMostSignificantBits())
                    .putLong(claim.fingerprint().getLeastSignificantBits())
                    .putLong(claim.expiresAt().toEpochMilli());
        }
        return bytes.array();
    }

    /** Adds to {@code into} the claims of {@code packed} that expire after {@code expiringAfter}. */
    static void unpack(byte[] packed, Instant expiringAfter, List<Claim> into) {
        ByteBuffer bytes = ByteBuffer.wrap(packed);
        long after = expiringAfter.toEpochMilli();
        while (bytes.remaining() >= CLAIM_BYTES) {
            UUID fingerprint = new UUID(bytes.getLong(), bytes.getLong());
            long expiresAt = bytes.getLong();
            if (expiresAt > after) {
                into.add(new Claim(fingerprint, Instant.ofEpochMilli(expiresAt)));
            }
        }
    }

    /** When the last claim of a batch expires. */
    static Instant expiresBy(List<Claim> claims) {
        Instant last = Instant.EPOCH;
        for (Claim claim : claims) {
            if (claim.expiresAt().isAfter(last)) {
                last = claim.expiresAt();
            }
        }
        return last;
    }
}
