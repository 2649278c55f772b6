package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.Verdict;
import org.bouncycastle.cert.X509CertificateHolder;

import java.util.List;

/**
 * The certificates of a PEM, in order (leaf first), each with the SHA-256 fingerprint of its DER; or, when the
 * PEM was refused, an empty list and the denial.
 */
public record ParsedPem(Verdict verdict, List<X509CertificateHolder> certificates, List<String> fingerprints) {

    public ParsedPem {
        certificates = List.copyOf(certificates);
        fingerprints = List.copyOf(fingerprints);
    }

    static ParsedPem refused(Verdict verdict) {
        return new ParsedPem(verdict, List.of(), List.of());
    }

    public boolean ok() {
        return verdict.allowed();
    }

    /** The first certificate; only when {@link #ok()}. */
    public X509CertificateHolder leaf() {
        if (certificates.isEmpty()) {
            throw new IllegalStateException("the PEM was refused: " + verdict);
        }
        return certificates.get(0);
    }

    /** The fingerprint of the first certificate; only when {@link #ok()}. */
    public String leafFingerprint() {
        leaf();
        return fingerprints.get(0);
    }
}
