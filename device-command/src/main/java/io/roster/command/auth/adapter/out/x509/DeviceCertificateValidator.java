package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.contract.Fingerprint;
import org.bouncycastle.cert.X509CertificateHolder;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Checks the certificate a TLS-terminating gateway forwards for an X.509 device (docs/authentication.md), in this order:
 * <ol>
 *   <li>the PEM parses (leaf first, then optional intermediates) — else {@code CERTIFICATE_INVALID};</li>
 *   <li>the product has a verified CA — else {@code CA_NOT_VERIFIED};</li>
 *   <li>the leaf chains to one of the verified CAs, directly or through presented intermediates that are CAs,
 *       valid now, and each issued by the next (issuer name and signature) — else {@code CERTIFICATE_NOT_TRUSTED};</li>
 *   <li>no CA of that path, the verified one included, has more CA certificates below it than its basicConstraints
 *       pathLenConstraint allows (self-issued ones not counted, as in RFC 5280) — else {@code CERTIFICATE_NOT_TRUSTED};</li>
 *   <li>every certificate of the path, the verified CA included, has no critical extension outside
 *       {@link CertificateFacts#UNDERSTOOD_EXTENSIONS} — else {@code CERTIFICATE_INVALID} — and a strong signature
 *       algorithm and key ({@link CertificateStrength}) — else {@code CERTIFICATE_WEAK};</li>
 *   <li>the leaf is not itself a CA — else {@code CERTIFICATE_INVALID};</li>
 *   <li>the leaf is inside its validity period — else {@code CERTIFICATE_EXPIRED} / {@code CERTIFICATE_NOT_YET_VALID};</li>
 *   <li>its fingerprint equals the registered or pinned one, if there is one — else {@code FINGERPRINT_MISMATCH};
 *       with none, the result asks for the fingerprint to be pinned.</li>
 * </ol>
 * Presented certificates that are not on the path are ignored. Name constraints are not evaluated, so a CA carrying
 * them (they must be critical) is refused by the extension rule; revocation is the fingerprint reset.
 */
public final class DeviceCertificateValidator {

    private final Clock clock;

    public DeviceCertificateValidator(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param verifiedCas         the product's VERIFIED CA certificates only
     * @param expectedFingerprint the registered or pinned fingerprint, or {@code null}
     */
    public DeviceCertificateCheck validate(String pem, Collection<X509CertificateHolder> verifiedCas,
                                           Fingerprint expectedFingerprint) {
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
        List<X509CertificateHolder> path = findPath(leaf, intermediates, verifiedCas, now);
        if (path == null) {
            return DeviceCertificateCheck.refused(Verdict.deny(DenyReason.CERTIFICATE_NOT_TRUSTED,
                    "does not chain to a verified CA of the product"));
        }
        Verdict pathRules = checkPath(path);
        if (!pathRules.allowed()) {
            return DeviceCertificateCheck.refused(pathRules);
        }
        X509CertificateHolder anchor = path.get(path.size() - 1);
        if (CertificateFacts.isCa(leaf)) {
            return DeviceCertificateCheck.refused(Verdict.deny(DenyReason.CERTIFICATE_INVALID, "device certificate is a CA"));
        }
        Verdict validity = CertificateFacts.validity(leaf, now, "device certificate");
        if (!validity.allowed()) {
            return DeviceCertificateCheck.refused(validity);
        }
        String fingerprint = parsed.leafFingerprint();
        if (expectedFingerprint != null && !expectedFingerprint.matches(new Fingerprint(fingerprint))) {
            return DeviceCertificateCheck.refused(Verdict.deny(DenyReason.FINGERPRINT_MISMATCH));
        }
        return new DeviceCertificateCheck(Verdict.allow(), leaf, fingerprint, anchor, expectedFingerprint == null);
    }

    /**
     * Walks up from the leaf; each presented intermediate may be used once, so the walk ends. The path runs from the
     * leaf to the verified CA, both included; {@code null} when there is none.
     */
    private static List<X509CertificateHolder> findPath(X509CertificateHolder leaf, List<X509CertificateHolder> intermediates,
                                                        Collection<X509CertificateHolder> verifiedCas, Instant now) {
        List<X509CertificateHolder> path = new ArrayList<>();
        X509CertificateHolder current = leaf;
        while (true) {
            path.add(current);
            for (X509CertificateHolder ca : verifiedCas) {
                if (CertificateFacts.isValidAt(ca, now) && CertificateFacts.isIssuedBy(current, ca)) {
                    path.add(ca);
                    return path;
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

    /** The path-length constraints of its CAs, then the extension and strength rules of every certificate on it. */
    private static Verdict checkPath(List<X509CertificateHolder> path) {
        int casBelow = 0;  // non-self-issued CA certificates between the leaf and path.get(i)
        for (int i = 1; i < path.size(); i++) {
            X509CertificateHolder ca = path.get(i);
            Optional<BigInteger> limit = CertificateFacts.pathLenConstraint(ca);
            if (limit.isPresent() && limit.get().compareTo(BigInteger.valueOf(casBelow)) < 0) {
                return Verdict.deny(DenyReason.CERTIFICATE_NOT_TRUSTED, "CA " + ca.getSubject() + " allows at most "
                        + limit.get() + " CA certificates below it (pathLenConstraint), the chain has " + casBelow);
            }
            if (!CertificateFacts.isSelfIssued(ca)) {
                casBelow++;
            }
        }
        for (int i = 0; i < path.size(); i++) {
            Verdict verdict = CertificateFacts.acceptable(path.get(i), describe(path, i));
            if (!verdict.allowed()) {
                return verdict;
            }
        }
        return Verdict.allow();
    }

    private static String describe(List<X509CertificateHolder> path, int index) {
        if (index == 0) {
            return "device certificate";
        }
        return (index == path.size() - 1 ? "verified CA " : "intermediate CA ") + path.get(index).getSubject();
    }
}
