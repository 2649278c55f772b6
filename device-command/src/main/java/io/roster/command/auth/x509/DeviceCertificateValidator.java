package io.roster.command.auth.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import org.bouncycastle.cert.X509CertificateHolder;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks the certificate a TLS-terminating gateway forwards for an X.509 device (docs/authentication.md), in this order:
 * <ol>
 *   <li>the PEM parses (leaf first, then optional intermediates) — else {@code CERTIFICATE_INVALID};</li>
 *   <li>the product has a verified CA — else {@code CA_NOT_VERIFIED};</li>
 *   <li>the leaf chains to one of the verified CAs, directly or through presented intermediates that are CAs,
 *       valid now, and each issued by the next (issuer name and signature) — else {@code CERTIFICATE_NOT_TRUSTED};</li>
 *   <li>the leaf is not itself a CA — else {@code CERTIFICATE_INVALID};</li>
 *   <li>the leaf is inside its validity period — else {@code CERTIFICATE_EXPIRED} / {@code CERTIFICATE_NOT_YET_VALID};</li>
 *   <li>its fingerprint equals the registered or pinned one, if there is one — else {@code FINGERPRINT_MISMATCH};
 *       with none, the result asks for the fingerprint to be pinned.</li>
 * </ol>
 * Path-length constraints and name constraints are not evaluated; revocation is the fingerprint reset.
 */
public final class DeviceCertificateValidator {

    private final Clock clock;

    public DeviceCertificateValidator(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param verifiedCas         the product's VERIFIED CA certificates only
     * @param expectedFingerprint the registered or pinned fingerprint (canonical lowercase hex), or {@code null}
     */
    public DeviceCertificateCheck validate(String pem, Collection<X509CertificateHolder> verifiedCas,
                                           String expectedFingerprint) {
        ParsedPem parsed = PemCertificates.parse(pem);
        if (!parsed.ok()) {
            return DeviceCertificateCheck.refused(parsed.verdict());
        }
        if (verifiedCas.isEmpty()) {
            return DeviceCertificateCheck.refused(Verdict.deny(DenyReason.CA_NOT_VERIFIED));
        }
        Instant now = clock.instant();
        X509CertificateHolder leaf = parsed.leaf();
        List<X509CertificateHolder> intermediates = new ArrayList<>(parsed.certificates().subList(1, parsed.certificates().size()));
        X509CertificateHolder anchor = findAnchor(leaf, intermediates, verifiedCas, now);
        if (anchor == null) {
            return DeviceCertificateCheck.refused(Verdict.deny(DenyReason.CERTIFICATE_NOT_TRUSTED,
                    "does not chain to a verified CA of the product"));
        }
        if (CertificateFacts.isCa(leaf)) {
            return DeviceCertificateCheck.refused(Verdict.deny(DenyReason.CERTIFICATE_INVALID, "device certificate is a CA"));
        }
        Verdict validity = CertificateFacts.validity(leaf, now, "device certificate");
        if (!validity.allowed()) {
            return DeviceCertificateCheck.refused(validity);
        }
        String fingerprint = parsed.leafFingerprint();
        if (expectedFingerprint != null && !CertificateFingerprint.matches(expectedFingerprint, fingerprint)) {
            return DeviceCertificateCheck.refused(Verdict.deny(DenyReason.FINGERPRINT_MISMATCH));
        }
        return new DeviceCertificateCheck(Verdict.allow(), leaf, fingerprint, anchor, expectedFingerprint == null);
    }

    /** Walks up from the leaf; each presented intermediate may be used once, so the walk ends. */
    private static X509CertificateHolder findAnchor(X509CertificateHolder leaf, List<X509CertificateHolder> intermediates,
                                                    Collection<X509CertificateHolder> verifiedCas, Instant now) {
        X509CertificateHolder current = leaf;
        while (true) {
            for (X509CertificateHolder ca : verifiedCas) {
                if (CertificateFacts.isValidAt(ca, now) && CertificateFacts.isIssuedBy(current, ca)) {
                    return ca;
                }
            }
            X509CertificateHolder next = null;
            for (X509CertificateHolder candidate : intermediates) {
                if (CertificateFacts.isCa(candidate) && CertificateFacts.mayIssueCertificates(candidate)
                        && CertificateFacts.isValidAt(candidate, now)
                        && CertificateFacts.isIssuedBy(current, candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            intermediates.remove(next);
            current = next;
        }
    }
}
