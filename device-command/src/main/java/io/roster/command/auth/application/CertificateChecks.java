package io.roster.command.auth.application;

import io.roster.command.auth.Verdict;
import io.roster.contract.Fingerprint;

import java.time.Instant;
import java.util.Collection;

/**
 * The X.509 checks the use cases rely on, on certificates as PEM text (a port: implemented with Bouncy Castle in
 * {@code auth.adapter.out.x509}). Every refusal is a {@link Verdict} with its reason, never an exception; only a CA
 * certificate that was accepted before and no longer parses throws.
 */
public interface CertificateChecks {

    /** A verified CA certificate, parsed once, that device certificates may chain to; made by {@link #trustAnchor}. */
    interface TrustAnchor {
    }

    /**
     * The outcome of a CA upload. When accepted: the certificate as the platform stores it (PEM), its subject, its
     * fingerprint and the end of its validity.
     */
    record CaUpload(Verdict verdict, String certificatePem, String subject, Fingerprint fingerprint, Instant notAfter) {

        public static CaUpload refused(Verdict verdict) {
            return new CaUpload(verdict, null, null, null, null);
        }

        public boolean ok() {
            return verdict.allowed();
        }
    }

    /**
     * The outcome of checking a device's certificate. When allowed: the leaf's fingerprint, and whether it must now be
     * pinned (none was registered or pinned before).
     */
    record DeviceCertificate(Verdict verdict, Fingerprint fingerprint, boolean pinFingerprint) {

        public static DeviceCertificate refused(Verdict verdict) {
            return new DeviceCertificate(verdict, null, false);
        }

        public boolean ok() {
            return verdict.allowed();
        }
    }

    /** Whether {@code pem} may be uploaded as a product's CA certificate (docs/authentication.md). */
    CaUpload checkCaUpload(String pem);

    /**
     * Proof of possession of the uploaded CA {@code caPem}: {@code verificationPem} has the single CN
     * {@code verificationCode} and was issued by that CA.
     */
    Verdict checkProofOfPossession(String caPem, String verificationCode, String verificationPem);

    /** A verified CA certificate, as stored, parsed for {@link #checkDeviceCertificate}. */
    TrustAnchor trustAnchor(String caPem);

    /**
     * Checks the certificate (leaf first, then optional intermediates) a gateway forwarded for an X.509 device.
     *
     * @param verifiedCas         the product's VERIFIED CA certificates only
     * @param expectedFingerprint the registered or pinned fingerprint, or {@code null}
     */
    DeviceCertificate checkDeviceCertificate(String pem, Collection<TrustAnchor> verifiedCas,
                                             Fingerprint expectedFingerprint);
}
