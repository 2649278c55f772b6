package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.Verdict;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The outcome of checking a device's certificate. When allowed: the leaf, its fingerprint, the verified CA it
 * chains to, and whether the fingerprint must now be pinned (none was registered or pinned before).
 */
public record DeviceCertificateCheck(Verdict verdict, X509CertificateHolder leaf, String fingerprint,
                                     X509CertificateHolder trustAnchor, boolean pinFingerprint) {

    static DeviceCertificateCheck refused(Verdict verdict) {
        return new DeviceCertificateCheck(verdict, null, null, null, false);
    }

    public boolean ok() {
        return verdict.allowed();
    }
}
