package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.Verdict;
import org.bouncycastle.cert.X509CertificateHolder;

/** An accepted CA upload (the certificate and its fingerprint), or the reason it was refused. */
public record CaUploadCheck(Verdict verdict, X509CertificateHolder certificate, String fingerprint) {

    static CaUploadCheck refused(Verdict verdict) {
        return new CaUploadCheck(verdict, null, null);
    }

    public boolean ok() {
        return verdict.allowed();
    }
}
