package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What the checks need to know about one certificate, with Bouncy Castle's exceptions turned into answers. */
final class CertificateFacts {

    private static final JcaContentVerifierProviderBuilder VERIFIERS =
            new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider());

    /**
     * The extensions the checks understand, so may be critical (RFC 5280, 4.2: a certificate with any other critical
     * extension must be refused). basicConstraints and keyUsage are enforced; extendedKeyUsage is for the gateway's
     * TLS handshake; subjectAltName and the key identifiers constrain nothing. Not here, because nothing here honours
     * them: nameConstraints and the policy extensions.
     */
    static final Set<ASN1ObjectIdentifier> UNDERSTOOD_EXTENSIONS = Set.of(Extension.basicConstraints, Extension.keyUsage,
            Extension.extendedKeyUsage, Extension.subjectAlternativeName, Extension.subjectKeyIdentifier,
            Extension.authorityKeyIdentifier);

    private CertificateFacts() {
    }

    /** basicConstraints present, with cA = true. */
    static boolean isCa(X509CertificateHolder certificate) {
        Extensions extensions = certificate.getExtensions();
        if (extensions == null) {
            return false;
        }
        try {
            BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
            return constraints != null && constraints.isCA();
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** basicConstraints' pathLenConstraint: how many CA certificates may follow below this one; empty when unlimited. */
    static Optional<BigInteger> pathLenConstraint(X509CertificateHolder certificate) {
        Extensions extensions = certificate.getExtensions();
        if (extensions == null) {
            return Optional.empty();
        }
        try {
            BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
            return constraints == null || !constraints.isCA() ? Optional.empty()
                    : Optional.ofNullable(constraints.getPathLenConstraint());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** A subject that is its issuer: a root, or a CA's re-keyed self — RFC 5280 does not count these in path lengths. */
    static boolean isSelfIssued(X509CertificateHolder certificate) {
        return certificate.getSubject().equals(certificate.getIssuer());
    }

    /** Allowed unless a critical extension is not one of {@link #UNDERSTOOD_EXTENSIONS}: then CERTIFICATE_INVALID. */
    static Verdict criticalExtensions(X509CertificateHolder certificate, String what) {
        for (Object oid : certificate.getCriticalExtensionOIDs()) {  // a raw Set of ASN1ObjectIdentifier
            if (!UNDERSTOOD_EXTENSIONS.contains(oid)) {
                return Verdict.deny(DenyReason.CERTIFICATE_INVALID, what + " has a critical extension " + oid
                        + " that is not supported");
            }
        }
        return Verdict.allow();
    }

    /**
     * What every certificate relied on must meet besides its own role: no critical extension left unhonoured
     * ({@code CERTIFICATE_INVALID}), then strong enough cryptography ({@code CERTIFICATE_WEAK}).
     */
    static Verdict acceptable(X509CertificateHolder certificate, String what) {
        Verdict extensions = criticalExtensions(certificate, what);
        return extensions.allowed() ? CertificateStrength.check(certificate, what) : extensions;
    }

    /** True when there is no keyUsage extension, or it includes keyCertSign. */
    static boolean mayIssueCertificates(X509CertificateHolder certificate) {
        Extensions extensions = certificate.getExtensions();
        try {
            KeyUsage usage = extensions == null ? null : KeyUsage.fromExtensions(extensions);
            return usage == null || usage.hasUsages(KeyUsage.keyCertSign);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** The issuer's name is the certificate's issuer and the issuer's key verifies its signature. */
    static boolean isIssuedBy(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        if (!certificate.getIssuer().equals(issuer.getSubject())) {
            return false;
        }
        return signatureVerifiesWith(certificate, issuer);
    }

    static boolean signatureVerifiesWith(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        try {
            return certificate.isSignatureValid(VERIFIERS.build(issuer));
        } catch (Exception e) {
            // Unsupported algorithms, malformed keys and mismatched key types all mean "not signed by it".
            return false;
        }
    }

    static boolean isValidAt(X509CertificateHolder certificate, Instant at) {
        return !at.isBefore(certificate.getNotBefore().toInstant()) && !at.isAfter(certificate.getNotAfter().toInstant());
    }

    /** Allowed when {@code at} lies in [notBefore, notAfter]; otherwise expired or not yet valid. */
    static Verdict validity(X509CertificateHolder certificate, Instant at, String what) {
        if (at.isBefore(certificate.getNotBefore().toInstant())) {
            return Verdict.deny(DenyReason.CERTIFICATE_NOT_YET_VALID, what + " is not valid before " + certificate.getNotBefore().toInstant());
        }
        if (at.isAfter(certificate.getNotAfter().toInstant())) {
            return Verdict.deny(DenyReason.CERTIFICATE_EXPIRED, what + " expired at " + certificate.getNotAfter().toInstant());
        }
        return Verdict.allow();
    }

    /** The subject's single common name; empty if there is none, several, or a multi-valued one. */
    static Optional<String> commonName(X509CertificateHolder certificate) {
        RDN[] names = certificate.getSubject().getRDNs(BCStyle.CN);
        if (names.length != 1 || names[0].isMultiValued()) {
            return Optional.empty();
        }
        return names[0].getFirst().getValue() instanceof ASN1String text ? Optional.of(text.getString()) : Optional.empty();
    }
}
