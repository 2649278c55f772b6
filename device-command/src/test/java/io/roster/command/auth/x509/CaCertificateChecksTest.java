package io.roster.command.auth.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.MutableClock;
import io.roster.command.auth.support.TestPki;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CaCertificateChecksTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final CaCertificateChecks checks = new CaCertificateChecks(clock);
    private final TestPki pki = TestPki.rootCa("product-ca", TestPki.KeyType.EC, NOW);

    @Test
    void selfSignedCaShouldBeAccepted() {
        CaUploadCheck check = checks.checkUpload(pki.caPem());
        assertThat(check.ok()).isTrue();
        assertThat(check.certificate()).isEqualTo(pki.ca().certificate());
        assertThat(check.fingerprint()).isEqualTo(pki.ca().fingerprint());
    }

    @Test
    void rsaAndIntermediateCasShouldBeAccepted() {
        assertThat(checks.checkUpload(TestPki.rootCa("rsa", TestPki.KeyType.RSA, NOW).caPem()).ok()).isTrue();
        assertThat(checks.checkUpload(pki.intermediate("sub").caPem()).ok()).isTrue();
    }

    @Test
    void nonCaShouldBeRefused() {
        assertThat(checks.checkUpload(pki.device("d").pem()).verdict().reason()).contains(DenyReason.NOT_A_CA);
    }

    @Test
    void expiredOrFutureCaShouldBeRefused() {
        clock.set(NOW.plus(Duration.ofDays(400)));
        assertThat(checks.checkUpload(pki.caPem()).verdict().reason()).contains(DenyReason.CERTIFICATE_EXPIRED);
        clock.set(NOW.minus(Duration.ofDays(2)));
        assertThat(checks.checkUpload(pki.caPem()).verdict().reason()).contains(DenyReason.CERTIFICATE_NOT_YET_VALID);
    }

    @Test
    void garbageOrSeveralCertificatesShouldBeRefused() {
        assertThat(checks.checkUpload("junk").verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
        assertThat(checks.checkUpload(pki.caPem() + pki.caPem()).verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
    }

    @Test
    void proofOfPossessionShouldAcceptTheCodeSignedByTheCa() {
        String pem = pki.verificationCertificate("Xy7kQ2pL9mNv").pem();
        assertThat(checks.checkProofOfPossession(pki.ca().certificate(), "Xy7kQ2pL9mNv", pem).allowed()).isTrue();
    }

    @Test
    void proofOfPossessionShouldRefuseAnotherCode() {
        String pem = pki.verificationCertificate("other-code").pem();
        assertThat(checks.checkProofOfPossession(pki.ca().certificate(), "Xy7kQ2pL9mNv", pem).reason())
                .contains(DenyReason.VERIFICATION_CODE_MISMATCH);
    }

    @Test
    void proofOfPossessionShouldRefuseACertificateSignedByAnotherCa() {
        TestPki impostor = TestPki.rootCa("product-ca", TestPki.KeyType.EC, NOW);  // same name, other key
        String pem = impostor.verificationCertificate("Xy7kQ2pL9mNv").pem();
        assertThat(checks.checkProofOfPossession(pki.ca().certificate(), "Xy7kQ2pL9mNv", pem).reason())
                .contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void proofOfPossessionShouldRefuseGarbageAndExpiry() {
        assertThat(checks.checkProofOfPossession(pki.ca().certificate(), "code", "junk").reason())
                .contains(DenyReason.CERTIFICATE_INVALID);
        String pem = pki.verificationCertificate("code").pem();
        clock.advance(Duration.ofDays(2));
        assertThat(checks.checkProofOfPossession(pki.ca().certificate(), "code", pem).reason())
                .contains(DenyReason.CERTIFICATE_EXPIRED);
    }
}
