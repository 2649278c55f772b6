package io.roster.command.auth.x509;

import io.roster.command.auth.domain.Hex;
import org.bouncycastle.cert.X509CertificateHolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * A certificate's fingerprint: SHA-256 of its DER encoding as 64 lowercase hex characters — what
 * {@code openssl x509 -outform der | openssl dgst -sha256} prints.
 */
public final class CertificateFingerprint {

    private CertificateFingerprint() {
    }

    public static String sha256Hex(byte[] der) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    public static String sha256Hex(X509CertificateHolder certificate) {
        try {
            return sha256Hex(certificate.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("a parsed certificate failed to encode", e);
        }
    }

    /**
     * The canonical form of a fingerprint an operator typed: colons and whitespace dropped, lowercased, so
     * {@code openssl x509 -fingerprint -sha256} output ({@code AB:CD:...}) is accepted too. Empty if what is left
     * is not 64 hex characters.
     */
    public static Optional<String> normalize(String fingerprint) {
        if (fingerprint == null || fingerprint.length() > 200) {
            return Optional.empty();
        }
        String compact = fingerprint.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
        return compact.matches("[0-9a-f]{64}") ? Optional.of(compact) : Optional.empty();
    }

    /** Compares two canonical fingerprints in constant time. */
    public static boolean matches(String expected, String actual) {
        return expected != null && actual != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }
}
