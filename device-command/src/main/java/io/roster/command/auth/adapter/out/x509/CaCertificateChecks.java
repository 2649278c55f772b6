package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import org.bouncycastle.cert.X509CertificateHolder;

import java.time.Clock;
import java.time.Instant;

/**
 * The checks behind a product's CA certificate: what may be uploaded, and the proof of possession that
 * makes it VERIFIED.
 */
public final class CaCertificateChecks {

    private final Clock clock;

    public CaCertificateChecks(Clock clock) {
        this.clock = clock;
    }

    /**
     * An upload must be exactly one certificate that is a CA (basicConstraints cA = true; if it has a keyUsage,
     * that includes keyCertSign), has no critical extension the checks do not understand, has a strong signature
     * algorithm and key ({@link CertificateStrength}), is valid now, and — when self-signed — whose signature
     * verifies with its own key. A CA issued by another (an intermediate) is accepted: possession is proven by the
     * verification step.
     */
    public CaUploadCheck checkUpload(String pem) {
        ParsedPem parsed = PemCertificates.parse(pem);
        if (!parsed.ok()) {
            return CaUploadCheck.refused(parsed.verdict());
        }
        if (parsed.certificates().size() != 1) {
            return CaUploadCheck.refused(Verdict.deny(DenyReason.CERTIFICATE_INVALID,
                    "upload exactly one CA certificate, not " + parsed.certificates().size()));
        }
        X509CertificateHolder ca = parsed.leaf();
        Verdict verdict = checkCa(ca);
        return verdict.allowed() ? new CaUploadCheck(verdict, ca, parsed.leafFingerprint()) : CaUploadCheck.refused(verdict);
    }

    /**
     * Proof of possession: the CA itself still meets the extension and strength rules (it may have been uploaded
     * before they were), the verification certificate's subject has the single CN {@code verificationCode}, it was
     * issued by {@code ca} (issuer name and signature), meets the same rules, and is valid now.
     */
    public Verdict checkProofOfPossession(X509CertificateHolder ca, String verificationCode, String verificationPem) {
        Verdict caRules = CertificateFacts.acceptable(ca, "CA certificate");
        if (!caRules.allowed()) {
            return caRules;
        }
        ParsedPem parsed = PemCertificates.parse(verificationPem);
        if (!parsed.ok()) {
            return parsed.verdict();
        }
        X509CertificateHolder certificate = parsed.leaf();
        if (!CertificateFacts.commonName(certificate).filter(cn -> cn.equals(verificationCode)).isPresent()) {
            return Verdict.deny(DenyReason.VERIFICATION_CODE_MISMATCH, "subject CN is not the verification code");
        }
        if (!CertificateFacts.isIssuedBy(certificate, ca)) {
            return Verdict.deny(DenyReason.CERTIFICATE_NOT_TRUSTED, "verification certificate is not signed by this CA");
        }
        Verdict rules = CertificateFacts.acceptable(certificate, "verification certificate");
        if (!rules.allowed()) {
            return rules;
        }
        return CertificateFacts.validity(certificate, clock.instant(), "verification certificate");
    }

    private Verdict checkCa(X509CertificateHolder ca) {
        if (!CertificateFacts.isCa(ca)) {
            return Verdict.deny(DenyReason.NOT_A_CA, "basicConstraints cA is not true");
        }
        if (!CertificateFacts.mayIssueCertificates(ca)) {
            return Verdict.deny(DenyReason.NOT_A_CA, "keyUsage lacks keyCertSign");
        }
        Verdict rules = CertificateFacts.acceptable(ca, "CA certificate");
        if (!rules.allowed()) {
            return rules;
        }
        Instant now = clock.instant();
        Verdict validity = CertificateFacts.validity(ca, now, "CA certificate");
        if (!validity.allowed()) {
            return validity;
        }
        if (ca.getSubject().equals(ca.getIssuer()) && !CertificateFacts.signatureVerifiesWith(ca, ca)) {
            return Verdict.deny(DenyReason.CERTIFICATE_INVALID, "self-signed CA whose signature does not verify");
        }
        return Verdict.allow();
    }
}
