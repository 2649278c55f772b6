package io.roster.command.auth.domain.signature;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.domain.Hex;

import java.security.MessageDigest;

/**
 * Checks a connect or register signature: the timestamp window first (cheap, and it spares the HMAC for
 * stale requests), then the form of the signature, then the HMAC, compared in constant time.
 * <p>
 * It does not look for replays: run the {@code ReplayGuard} only after this allowed, so that requests
 * with a wrong signature can never fill the guard.
 */
public final class SignatureVerifier {

    private final TimestampWindow window;

    public SignatureVerifier(TimestampWindow window) {
        this.window = window;
    }

    /** @param deviceSecret the device's DS in plaintext, held only in the command side's memory */
    public Verdict verifyConnect(String deviceSecret, String productKey, String deviceKey, String clientId,
                                 long timestamp, String signature) {
        Verdict early = precheck(timestamp, signature, productKey, deviceKey, clientId);
        if (early != null) {
            return early;
        }
        return compare(DeviceSignatures.hmacSha256(deviceSecret,
                DeviceSignatures.connectMessage(productKey, deviceKey, clientId, timestamp)), signature);
    }

    public Verdict verifyRegister(String productSecret, String productKey, String deviceKey, String random,
                                  long timestamp, String signature) {
        Verdict early = precheck(timestamp, signature, productKey, deviceKey, random);
        if (early != null) {
            return early;
        }
        return compare(DeviceSignatures.hmacSha256(productSecret,
                DeviceSignatures.registerMessage(productKey, deviceKey, random, timestamp)), signature);
    }

    public TimestampWindow window() {
        return window;
    }

    private Verdict precheck(long timestamp, String signature, String productKey, String deviceKey, String third) {
        if (!window.contains(timestamp)) {
            return Verdict.deny(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
        }
        // The fields are joined with line feeds: one inside a field would make two requests sign alike.
        if (hasLineFeed(productKey) || hasLineFeed(deviceKey) || hasLineFeed(third)) {
            return Verdict.deny(DenyReason.BAD_SIGNATURE, "a signed field contains a line feed");
        }
        if (signature == null || signature.length() != 2 * DeviceSignatures.SIGNATURE_BYTES) {
            return Verdict.deny(DenyReason.BAD_SIGNATURE, "signature is not 64 lowercase hex characters");
        }
        return null;
    }

    private static Verdict compare(byte[] expected, String presentedHex) {
        byte[] presented = Hex.decodeLowercase(presentedHex, DeviceSignatures.SIGNATURE_BYTES);
        if (presented == null) {
            return Verdict.deny(DenyReason.BAD_SIGNATURE, "signature is not 64 lowercase hex characters");
        }
        return MessageDigest.isEqual(expected, presented) ? Verdict.allow() : Verdict.deny(DenyReason.BAD_SIGNATURE);
    }

    private static boolean hasLineFeed(String field) {
        return field == null || field.indexOf('\n') >= 0;
    }
}
