package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.application.CertificateChecks.CaUpload;
import io.roster.command.auth.application.CertificateChecks.DeviceCertificate;
import io.roster.command.auth.application.CertificateChecks.TrustAnchor;
import io.roster.command.auth.support.MutableClock;
import io.roster.command.auth.support.TestPki;
import io.roster.contract.Fingerprint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BouncyCastleCertificateChecksTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final BouncyCastleCertificateChecks checks = new BouncyCastleCertificateChecks(new MutableClock(NOW));
    private final TestPki pki = TestPki.rootCa("product-ca", TestPki.KeyType.EC, NOW);

    @Test
    void acceptedUploadShouldCarryWhatTheEventRecords() {
        CaUpload upload = checks.checkCaUpload("Bag Attributes\n" + pki.caPem());
        assertThat(upload.ok()).isTrue();
        assertThat(upload.certificatePem()).isEqualTo(pki.caPem());
        assertThat(upload.subject()).isEqualTo(pki.ca().certificate().getSubject().toString());
        assertThat(upload.fingerprint()).isEqualTo(new Fingerprint(pki.ca().fingerprint()));
        assertThat(upload.notAfter()).isEqualTo(pki.ca().certificate().getNotAfter().toInstant());
    }

    @Test
    void refusedUploadShouldCarryOnlyItsReason() {
        CaUpload upload = checks.checkCaUpload(pki.device("d").pem());
        assertThat(upload.verdict().reason()).contains(DenyReason.NOT_A_CA);
        assertThat(upload.certificatePem()).isNull();
        assertThat(upload.fingerprint()).isNull();
    }

    @Test
    void proofOfPossessionShouldBeCheckedAgainstTheStoredPem() {
        String proof = pki.verificationCertificate("Xy7kQ2pL9mNv").pem();
        assertThat(checks.checkProofOfPossession(pki.caPem(), "Xy7kQ2pL9mNv", proof).allowed()).isTrue();
        assertThat(checks.checkProofOfPossession(pki.caPem(), "another-code", proof).reason())
                .contains(DenyReason.VERIFICATION_CODE_MISMATCH);
    }

    @Test
    void deviceShouldChainToATrustAnchorAndBePinnedOnce() {
        List<TrustAnchor> anchors = List.of(checks.trustAnchor(pki.caPem()));
        TestPki.Issued device = pki.device("dev-1");
        DeviceCertificate first = checks.checkDeviceCertificate(device.pem(), anchors, null);
        assertThat(first.ok()).isTrue();
        assertThat(first.fingerprint()).isEqualTo(new Fingerprint(device.fingerprint()));
        assertThat(first.pinFingerprint()).isTrue();
        DeviceCertificate pinned = checks.checkDeviceCertificate(device.pem(), anchors, first.fingerprint());
        assertThat(pinned.ok()).isTrue();
        assertThat(pinned.pinFingerprint()).isFalse();
    }

    @Test
    void refusedDeviceShouldCarryOnlyItsReason() {
        List<TrustAnchor> anchors = List.of(checks.trustAnchor(pki.caPem()));
        DeviceCertificate other = checks.checkDeviceCertificate(pki.device("dev-2").pem(), anchors,
                new Fingerprint(pki.device("dev-1").fingerprint()));
        assertThat(other.verdict().reason()).contains(DenyReason.FINGERPRINT_MISMATCH);
        assertThat(other.fingerprint()).isNull();
        DeviceCertificate untrusted = checks.checkDeviceCertificate(
                TestPki.rootCa("other", TestPki.KeyType.EC, NOW).device("d").pem(), anchors, null);
        assertThat(untrusted.verdict().reason()).contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
    }
}
