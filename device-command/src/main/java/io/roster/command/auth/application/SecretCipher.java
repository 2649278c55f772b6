package io.roster.command.auth.application;

import io.roster.command.auth.application.replay.InstanceTags;
import io.roster.contract.EncryptedSecret;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Encrypts secrets with AES-256-GCM under key-encryption keys from configuration. New secrets use the
 * active key; any configured key still decrypts, so keys can rotate. The associated data binds a
 * ciphertext to what it protects (for example {@code productKey/deviceKey}), so it cannot be moved.
 */
public final class SecretCipher implements InstanceTags {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;
    private final SecureRandom random;

    public SecretCipher(Map<String, byte[]> keys, String activeKeyId, SecureRandom random) {
        Objects.requireNonNull(keys.get(activeKeyId), "no key-encryption key with the active id " + activeKeyId);
        this.keys = keys.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> aesKey(e.getKey(), e.getValue())));
        this.activeKeyId = activeKeyId;
        this.random = random;
    }

    private static SecretKeySpec aesKey(String id, byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("key-encryption key " + id + " must be 32 bytes (AES-256), was " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    public EncryptedSecret encrypt(String plaintext, String associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return new EncryptedSecret(activeKeyId, Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public String decrypt(EncryptedSecret secret, String associatedData) {
        SecretKeySpec key = keys.get(secret.keyId());
        if (key == null) {
            throw new IllegalStateException("no key-encryption key with id " + secret.keyId() + " is configured");
        }
        byte[] in = Base64.getDecoder().decode(secret.cipher());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret under key " + secret.keyId() + " failed to decrypt", e);
        }
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /**
     * A tag proving that {@code data} comes from an instance holding this deployment's keys: an HMAC-SHA256 of it
     * under a key derived, for {@code purpose} alone, from the active key-encryption key; {@code keyId:base64}.
     */
    @Override
    public String tag(String purpose, byte[] data) {
        return activeKeyId + ":" + Base64.getEncoder().encodeToString(mac(keys.get(activeKeyId), purpose, data));
    }

    /** Whether {@code tag} is {@link #tag}'s for {@code data} under any configured key; false if malformed. */
    @Override
    public boolean verify(String purpose, byte[] data, String tag) {
        int colon = tag == null ? -1 : tag.lastIndexOf(':');
        SecretKeySpec key = colon < 0 ? null : keys.get(tag.substring(0, colon));
        if (key == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(tag.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(key, purpose, data));
    }

    private static byte[] mac(SecretKeySpec key, String purpose, byte[] data) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] derived = derive.doFinal(("roster instance mac: " + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derived, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
