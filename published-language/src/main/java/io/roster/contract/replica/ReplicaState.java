package io.roster.contract.replica;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What every region holds about a cross-region device, as its home region decides it (docs/multi-region.md): the
 * same in the home region's events, in region-sync's copy of a peer's list and in a visiting region's device-command.
 * The secret stays encrypted; its ciphertext is part of the state, so a reset or a re-encryption changes the digest.
 *
 * @param revokedFingerprints fingerprints reset away from the device, in any order (the digest sorts them)
 * @param activated           whether the device is activated at home
 */
public record ReplicaState(AuthType authType, String sn, EncryptedSecret deviceSecret, String certificateFingerprint,
                           List<String> revokedFingerprints, boolean activated) {

    public ReplicaState {
        revokedFingerprints = revokedFingerprints == null ? List.of()
                : revokedFingerprints.stream().sorted().distinct().toList();
    }

    /**
     * SHA-256 (lowercase hex) of the state in a canonical form: equal states, wherever they are held, have equal
     * digests. Never reveals the secret: only its ciphertext goes in, and the digest is one-way.
     */
    public String digest() {
        StringBuilder canonical = new StringBuilder(256)
                .append(authType).append('\n')
                .append(sn == null ? "-" : "+" + sn).append('\n')
                .append(deviceSecret == null ? "-" : "+" + deviceSecret.keyId() + ":" + deviceSecret.cipher()).append('\n')
                .append(certificateFingerprint == null ? "-" : "+" + certificateFingerprint).append('\n')
                .append(String.join(",", revokedFingerprints)).append('\n')
                .append(activated);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
