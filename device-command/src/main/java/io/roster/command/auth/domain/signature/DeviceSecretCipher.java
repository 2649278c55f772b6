package io.roster.command.auth.domain.signature;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The {@code deviceSecretCipher} of a dynamic registration answer (docs/authentication.md):
 * base64(iv[12] ‖ AES-256-GCM ciphertext ‖ tag[16]) of the DS as UTF-8, no associated data, under the key
 * HMAC-SHA256(key = ProductSecret, message = "roster-device-secret"). Only a holder of the product secret
 * can read it. {@link #encrypt} is the server's half; {@link #decrypt} is what a device does.
 */
public final class DeviceSecretCipher {

    /** The HMAC message that derives the AES key from the product secret. */
    public static final String KEY_DERIVATION_LABEL = "roster-device-secret";
    public static final int IV_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private final SecureRandom random;

    public DeviceSecretCipher(SecureRandom random) {
        this.random = random;
    }

    /** The 32-byte AES key for a product. */
    public static byte[] deriveKey(String productSecret) {
        return DeviceSignatures.hmacSha256(productSecret, KEY_DERIVATION_LABEL);
    }

    public String encrypt(String deviceSecret, String productSecret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(deriveKey(productSecret), "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, iv));
            byte[] sealed = cipher.doFinal(deviceSecret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * The device's side: recovers the DS.
     *
     * @throws IllegalArgumentException if the text is not base64 of at least iv + tag, or the tag does not
     *                                  verify (wrong product secret or altered cipher)
     */
    public static String decrypt(String deviceSecretCipher, String productSecret) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(deviceSecretCipher);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("deviceSecretCipher is not base64", e);
        }
        if (in.length < IV_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("deviceSecretCipher is shorter than iv + tag");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(deriveKey(productSecret), "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("deviceSecretCipher does not decrypt under this product secret", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
