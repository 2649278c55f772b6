package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.DSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

import java.util.Set;

/**
 * Whether a certificate's cryptography is strong enough to rely on (docs/authentication.md, section 4.5). Both lists
 * are allow-lists, so an algorithm nobody thought of is refused rather than waved through:
 * <ul>
 *   <li>signature: RSA (PKCS#1 v1.5, or PSS whose hash is listed) or ECDSA with SHA-224, SHA-256, SHA-384,
 *       SHA-512 or a SHA-3 of those sizes, Ed25519, Ed448 — so MD2, MD4, MD5 and SHA-1 signatures are refused,
 *       because colliding certificates can be forged for them;</li>
 *   <li>public key: RSA of at least 2048 bits, EC on a curve whose order has at least 256 bits, Ed25519, Ed448 —
 *       so DSA (withdrawn from FIPS 186-5) and any other kind are refused.</li>
 * </ul>
 */
final class CertificateStrength {

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    private static final Set<ASN1ObjectIdentifier> SIGNATURES = Set.of(
            PKCSObjectIdentifiers.sha224WithRSAEncryption, PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            NISTObjectIdentifiers.id_rsassa_pkcs1_v1_5_with_sha3_224, NISTObjectIdentifiers.id_rsassa_pkcs1_v1_5_with_sha3_256,
            NISTObjectIdentifiers.id_rsassa_pkcs1_v1_5_with_sha3_384, NISTObjectIdentifiers.id_rsassa_pkcs1_v1_5_with_sha3_512,
            X9ObjectIdentifiers.ecdsa_with_SHA224, X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512,
            NISTObjectIdentifiers.id_ecdsa_with_sha3_224, NISTObjectIdentifiers.id_ecdsa_with_sha3_256,
            NISTObjectIdentifiers.id_ecdsa_with_sha3_384, NISTObjectIdentifiers.id_ecdsa_with_sha3_512,
            EdECObjectIdentifiers.id_Ed25519, EdECObjectIdentifiers.id_Ed448);

    /** The hashes a PSS signature may use; its parameters default to SHA-1 when they name none. */
    private static final Set<ASN1ObjectIdentifier> PSS_HASHES = Set.of(
            NISTObjectIdentifiers.id_sha224, NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384,
            NISTObjectIdentifiers.id_sha512, NISTObjectIdentifiers.id_sha3_224, NISTObjectIdentifiers.id_sha3_256,
            NISTObjectIdentifiers.id_sha3_384, NISTObjectIdentifiers.id_sha3_512);

    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

    private CertificateStrength() {
    }

    /** Allowed, or {@link DenyReason#CERTIFICATE_WEAK} naming {@code what} and the algorithm or key at fault. */
    static Verdict check(X509CertificateHolder certificate, String what) {
        Verdict key = checkKey(certificate, what);
        if (!key.allowed()) {
            return key;
        }
        AlgorithmIdentifier signature = certificate.getSignatureAlgorithm();
        if (!acceptedSignature(signature)) {
            return weak(what + " is signed with " + NAMES.getAlgorithmName(signature) + ", which is refused: only RSA or "
                    + "ECDSA with a SHA-2 or SHA-3 hash, Ed25519 and Ed448 are accepted (never MD5 or SHA-1)");
        }
        return Verdict.allow();
    }

    private static boolean acceptedSignature(AlgorithmIdentifier signature) {
        ASN1ObjectIdentifier algorithm = signature.getAlgorithm();
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
            try {
                RSASSAPSSparams params = RSASSAPSSparams.getInstance(signature.getParameters());
                return params != null && PSS_HASHES.contains(params.getHashAlgorithm().getAlgorithm());
            } catch (RuntimeException malformed) {
                return false;
            }
        }
        return SIGNATURES.contains(algorithm);
    }

    private static Verdict checkKey(X509CertificateHolder certificate, String what) {
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(certificate.getSubjectPublicKeyInfo());
        } catch (Exception unreadable) {
            // Bouncy Castle cannot read keys of algorithms it does not know, or malformed ones.
            return weak(what + " has a public key of an algorithm that is not accepted ("
                    + certificate.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm() + ")");
        }
        if (key instanceof RSAKeyParameters rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits >= MIN_RSA_BITS ? Verdict.allow()
                    : weak(what + " has an RSA key of " + bits + " bits, which is refused: at least " + MIN_RSA_BITS);
        }
        if (key instanceof ECPublicKeyParameters ec) {
            int bits = ec.getParameters().getN().bitLength();
            return bits >= MIN_EC_BITS ? Verdict.allow()
                    : weak(what + " has an EC key on a " + bits + "-bit curve, which is refused: at least " + MIN_EC_BITS
                    + " bits (P-256)");
        }
        if (key instanceof Ed25519PublicKeyParameters || key instanceof Ed448PublicKeyParameters) {
            return Verdict.allow();
        }
        if (key instanceof DSAPublicKeyParameters) {
            return weak(what + " has a DSA key, which is refused: use RSA (2048 bits or more) or EC (P-256 or larger)");
        }
        return weak(what + " has a public key of an algorithm that is not accepted ("
                + certificate.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm() + ")");
    }

    private static Verdict weak(String detail) {
        return Verdict.deny(DenyReason.CERTIFICATE_WEAK, detail);
    }
}
