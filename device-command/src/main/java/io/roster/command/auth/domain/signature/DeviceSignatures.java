package io.roster.command.auth.domain.signature;

import io.roster.command.auth.domain.Hex;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The signatures of the wire contract (docs/authentication.md), computed the same way on the device and the server.
 * <ul>
 *   <li>connect: HMAC-SHA256(key = DS as UTF-8, productKey\ndeviceKey\nclientId\ntimestamp)</li>
 *   <li>register: HMAC-SHA256(key = ProductSecret as UTF-8, productKey\ndeviceKey\nrandom\ntimestamp)</li>
 * </ul>
 * The timestamp is the decimal form of the epoch milliseconds ({@link Long#toString(long)}); the result is
 * lowercase hex (64 characters).
 */
public final class DeviceSignatures {

    /** The only {@code signMethod} the contract defines. */
    public static final String SIGN_METHOD = "hmac-sha256";
    public static final int SIGNATURE_BYTES = 32;

    private static final String HMAC = "HmacSHA256";
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(DeviceSignatures::newMac);

    private DeviceSignatures() {
    }

    public static String connectMessage(String productKey, String deviceKey, String clientId, long timestamp) {
        return productKey + '\n' + deviceKey + '\n' + clientId + '\n' + timestamp;
    }

    public static String registerMessage(String productKey, String deviceKey, String random, long timestamp) {
        return productKey + '\n' + deviceKey + '\n' + random + '\n' + timestamp;
    }

    public static String connectSignature(String deviceSecret, String productKey, String deviceKey, String clientId,
                                          long timestamp) {
        return Hex.encode(hmacSha256(deviceSecret, connectMessage(productKey, deviceKey, clientId, timestamp)));
    }

    public static String registerSignature(String productSecret, String productKey, String deviceKey, String random,
                                           long timestamp) {
        return Hex.encode(hmacSha256(productSecret, registerMessage(productKey, deviceKey, random, timestamp)));
    }

    /** HMAC-SHA256 with the UTF-8 bytes of {@code key} over the UTF-8 bytes of {@code message}. */
    public static byte[] hmacSha256(String key, String message) {
        return hmacSha256(key.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an HMAC key must not be empty");
        }
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(key, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 rejected its key", e);
        }
        return mac.doFinal(message);
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
