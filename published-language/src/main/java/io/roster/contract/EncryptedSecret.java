package io.roster.contract;

import java.util.Objects;

/**
 * A secret as it may travel in events: AES-256-GCM ciphertext under the key-encryption key named by
 * {@code keyId}. {@code cipher} is base64(iv[12] || ciphertext || tag[16]). Never holds plaintext.
 */
public record EncryptedSecret(String keyId, String cipher) {
    public EncryptedSecret {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public String toString() {
        return "EncryptedSecret[keyId=" + keyId + ", cipher=<" + cipher.length() + " chars>]";
    }
}
