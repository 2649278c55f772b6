package io.roster.command.auth;

/**
 * Why a device was refused, as the machine-readable {@code reason} of a deny answer
 * ({@code {"result":"deny","reason":"<CODE>"}}) and as the error code of a refused CA upload or
 * proof of possession. The constant names are the wire codes: renaming one breaks gateways.
 */
public enum DenyReason {

    /** No such product, or the device is not in its product's device list. */
    UNKNOWN_DEVICE,
    /** The device was in the list and has been deleted. */
    DEVICE_DELETED,
    /** The credential presented does not fit the device's authentication type (a signature for an X.509
     * device, a certificate for a static one, a registration for a non-dynamic one). */
    WRONG_AUTH_TYPE,
    /** The signature is not 64 lowercase hex characters, a signed field contains a line feed, or the
     * HMAC does not match. */
    BAD_SIGNATURE,
    /** The timestamp is more than the allowed skew (5 minutes) away from the server's clock. */
    TIMESTAMP_OUT_OF_WINDOW,
    /** This exact (productKey, deviceKey, timestamp, signature) was already accepted. */
    REPLAYED,
    /** Too many failed attempts for this device or source, or the replay guard is full. */
    RATE_LIMITED,
    /** A dynamic device tried to connect before it registered (no device secret issued yet). */
    SECRET_NOT_ISSUED,
    /** A dynamic device that already holds a device secret tried to register again. */
    ALREADY_REGISTERED,
    /** The PEM is empty, too large, not parseable, holds something other than certificates, the
     * device certificate is itself a CA, or a certificate relied on has a critical extension the
     * checks do not understand. */
    CERTIFICATE_INVALID,
    /** A certificate relied on (a CA, an intermediate, the device's or the verification certificate) is
     * signed with an algorithm that is not accepted (MD5, SHA-1, ...) or has a weak key (RSA under 2048
     * bits, EC under 256 bits, DSA). */
    CERTIFICATE_WEAK,
    /** A certificate is past its notAfter at the server's clock. */
    CERTIFICATE_EXPIRED,
    /** A certificate is before its notBefore at the server's clock. */
    CERTIFICATE_NOT_YET_VALID,
    /** The certificate does not chain to any verified CA of the product, the chain breaks a CA's
     * path-length constraint (or the verification certificate is not signed by the CA being verified). */
    CERTIFICATE_NOT_TRUSTED,
    /** The product has no verified CA certificate, so no X.509 device of it can connect. */
    CA_NOT_VERIFIED,
    /** The certificate's SHA-256 fingerprint differs from the registered or pinned one. */
    FINGERPRINT_MISMATCH,
    /** The certificate was this device's until its fingerprint was reset; it never works again. */
    CERTIFICATE_REVOKED,
    /** CA upload: the certificate is not a CA (basicConstraints cA is not true, or its key usage
     * lacks keyCertSign). */
    NOT_A_CA,
    /** Proof of possession: the verification certificate's subject CN is not the verification code. */
    VERIFICATION_CODE_MISMATCH
}
