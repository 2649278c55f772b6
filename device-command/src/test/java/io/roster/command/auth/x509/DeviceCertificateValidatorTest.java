package io.roster.command.auth.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.MutableClock;
import io.roster.command.auth.support.TestPki;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCertificateValidatorTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final DeviceCertificateValidator validator = new DeviceCertificateValidator(clock);
    private final TestPki pki = TestPki.rootCa("product-ca", TestPki.KeyType.EC, NOW);
    private final List<org.bouncycastle.cert.X509CertificateHolder> verified = List.of(pki.ca().certificate());

    @Test
    void validDeviceShouldBeAllowedAndAskForAPin() {
        TestPki.Issued device = pki.device("dev-1");
        DeviceCertificateCheck check = validator.validate(device.pem(), verified, null);
        assertThat(check.ok()).isTrue();
        assertThat(check.fingerprint()).isEqualTo(device.fingerprint());
        assertThat(check.pinFingerprint()).isTrue();
        assertThat(check.trustAnchor()).isEqualTo(pki.ca().certificate());
    }

    @Test
    void registeredFingerprintShouldBeEnforced() {
        TestPki.Issued device = pki.device("dev-1");
        DeviceCertificateCheck same = validator.validate(device.pem(), verified, device.fingerprint());
        assertThat(same.ok()).isTrue();
        assertThat(same.pinFingerprint()).isFalse();
        assertThat(validator.validate(pki.device("dev-1").pem(), verified, device.fingerprint()).verdict().reason())
                .contains(DenyReason.FINGERPRINT_MISMATCH);
    }

    @Test
    void rsaChainShouldWork() {
        TestPki rsa = TestPki.rootCa("rsa-ca", TestPki.KeyType.RSA, NOW);
        assertThat(validator.validate(rsa.device("d").pem(), List.of(pki.ca().certificate(), rsa.ca().certificate()), null).ok()).isTrue();
    }

    @Test
    void deviceOfAnotherCaShouldNotBeTrusted() {
        TestPki other = TestPki.rootCa("product-ca", TestPki.KeyType.EC, NOW);  // same name, other key
        assertThat(validator.validate(other.device("d").pem(), verified, null).verdict().reason())
                .contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void noVerifiedCaShouldBeReported() {
        assertThat(validator.validate(pki.device("d").pem(), List.of(), null).verdict().reason())
                .contains(DenyReason.CA_NOT_VERIFIED);
    }

    @Test
    void expiredAndNotYetValidDevicesShouldBeRefused() {
        assertThat(validator.validate(pki.expiredDevice("d").pem(), verified, null).verdict().reason())
                .contains(DenyReason.CERTIFICATE_EXPIRED);
        assertThat(validator.validate(pki.notYetValidDevice("d").pem(), verified, null).verdict().reason())
                .contains(DenyReason.CERTIFICATE_NOT_YET_VALID);
    }

    @Test
    void validityShouldFollowTheInjectedClock() {
        String pem = pki.device("d").pem();
        clock.advance(Duration.ofDays(366));
        // The CA expired too by then, so nothing chains any more.
        assertThat(validator.validate(pem, verified, null).ok()).isFalse();
        TestPki.Issued shortLived = pki.leaf("d", NOW.minusSeconds(60), NOW.plusSeconds(60));
        clock.set(NOW.plusSeconds(61));
        assertThat(validator.validate(shortLived.pem(), verified, null).verdict().reason()).contains(DenyReason.CERTIFICATE_EXPIRED);
    }

    @Test
    void caCertificateAsDeviceShouldBeRefused() {
        TestPki sub = pki.intermediate("sub");
        assertThat(validator.validate(sub.caPem(), verified, null).verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
    }

    @Test
    void presentedIntermediatesShouldBeFollowed() {
        TestPki sub = pki.intermediate("sub");
        TestPki subSub = sub.intermediate("sub-sub");
        TestPki.Issued device = subSub.device("d");
        assertThat(validator.validate(device.pem() + subSub.caPem() + sub.caPem(), verified, null).ok()).isTrue();
        assertThat(validator.validate(device.pem() + sub.caPem() + subSub.caPem(), verified, null).ok()).isTrue();
        assertThat(validator.validate(device.pem() + subSub.caPem(), verified, null).verdict().reason())
                .contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
        assertThat(validator.validate(device.pem(), verified, null).verdict().reason())
                .contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void extraNonCaCertificatesAfterTheLeafShouldBeIgnored() {
        TestPki.Issued device = pki.device("d");
        assertThat(validator.validate(device.pem() + pki.device("not-a-ca").pem(), verified, null).ok()).isTrue();
    }

    @Test
    void verifiedIntermediateCaShouldBeATrustAnchor() {
        TestPki sub = pki.intermediate("sub");
        assertThat(validator.validate(sub.device("d").pem(), List.of(sub.ca().certificate()), null).ok()).isTrue();
    }

    @Test
    void garbageShouldBeInvalid() {
        assertThat(validator.validate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", verified, null)
                .verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
    }
}
