package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.Verdict;
import io.roster.command.auth.application.CertificateChecks;
import io.roster.contract.Fingerprint;
import org.bouncycastle.cert.X509CertificateHolder;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** {@link CertificateChecks} with Bouncy Castle: {@link CaCertificateChecks} and {@link DeviceCertificateValidator}. */
public final class BouncyCastleCertificateChecks implements CertificateChecks {

    /** A parsed CA certificate, as this adapter hands it to the application and takes it back. */
    private record ParsedCa(X509CertificateHolder certificate) implements TrustAnchor {
    }

    private final CaCertificateChecks caChecks;
    private final DeviceCertificateValidator deviceValidator;

    public BouncyCastleCertificateChecks(Clock clock) {
        this.caChecks = new CaCertificateChecks(clock);
        this.deviceValidator = new DeviceCertificateValidator(clock);
    }

    @Override
    public CaUpload checkCaUpload(String pem) {
        CaUploadCheck check = caChecks.checkUpload(pem);
        if (!check.ok()) {
            return CaUpload.refused(check.verdict());
        }
        X509CertificateHolder ca = check.certificate();
        return new CaUpload(check.verdict(), PemCertificates.encode(ca), ca.getSubject().toString(),
                new Fingerprint(check.fingerprint()), ca.getNotAfter().toInstant());
    }

    @Override
    public Verdict checkProofOfPossession(String caPem, String verificationCode, String verificationPem) {
        return caChecks.checkProofOfPossession(PemCertificates.parse(caPem).leaf(), verificationCode, verificationPem);
    }

    /** @throws IllegalStateException if {@code caPem} does not parse */
    @Override
    public TrustAnchor trustAnchor(String caPem) {
        return new ParsedCa(PemCertificates.parse(caPem).leaf());
    }

    @Override
    public DeviceCertificate checkDeviceCertificate(String pem, Collection<TrustAnchor> verifiedCas,
                                                    Fingerprint expectedFingerprint) {
        List<X509CertificateHolder> cas = new ArrayList<>(verifiedCas.size());
        for (TrustAnchor anchor : verifiedCas) {
            cas.add(((ParsedCa) anchor).certificate());
        }
        DeviceCertificateCheck check = deviceValidator.validate(pem, cas, expectedFingerprint);
        return check.ok() ? new DeviceCertificate(check.verdict(), new Fingerprint(check.fingerprint()), check.pinFingerprint())
                : DeviceCertificate.refused(check.verdict());
    }
}
