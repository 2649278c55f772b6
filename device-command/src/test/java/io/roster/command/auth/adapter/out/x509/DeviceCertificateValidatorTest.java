package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.MutableClock;
import io.roster.command.auth.support.TestPki.KeySpec;
import io.roster.command.auth.support.TestPki.Options;
import io.roster.command.auth.support.TestPki;
import io.roster.contract.Fingerprint;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
        DeviceCertificateCheck same = validator.validate(device.pem(), verified, new Fingerprint(device.fingerprint()));
        assertThat(same.ok()).isTrue();
        assertThat(same.pinFingerprint()).isFalse();
        assertThat(validator.validate(pki.device("dev-1").pem(), verified, new Fingerprint(device.fingerprint())).verdict().reason())
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

    @Test
    void strongRsaAndEcChainsThroughIntermediatesShouldPass() {
        TestPki rsa = TestPki.rootCa("rsa-ca", TestPki.KeyType.RSA, NOW);
        TestPki rsaSub = rsa.intermediate("rsa-sub");
        TestPki ecSub = pki.intermediate("ec-sub", Options.defaults().key(KeySpec.ec("secp384r1")).signedWith("SHA384withECDSA"));

        assertThat(validator.validate(rsaSub.device("d").pem() + rsaSub.caPem(), List.of(rsa.ca().certificate()), null).ok()).isTrue();
        assertThat(validator.validate(ecSub.device("d").pem() + ecSub.caPem(), verified, null).ok()).isTrue();
    }

    @Test
    void deviceCertificateSignedWithSha1OrMd5ShouldBeRefusedAsWeak() {
        TestPki rsa = TestPki.rootCa("rsa-ca", TestPki.KeyType.RSA, NOW);
        List<org.bouncycastle.cert.X509CertificateHolder> rsaCa = List.of(rsa.ca().certificate());

        DeviceCertificateCheck sha1 = validator.validate(rsa.device("d", Options.defaults().signedWith("SHA1withRSA")).pem(), rsaCa, null);
        DeviceCertificateCheck md5 = validator.validate(rsa.device("d", Options.defaults().signedWith("MD5withRSA")).pem(), rsaCa, null);
        DeviceCertificateCheck ecdsaSha1 = validator.validate(pki.device("d", Options.defaults().signedWith("SHA1withECDSA")).pem(), verified, null);

        assertThat(sha1.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(sha1.verdict().detail()).hasValueSatisfying(d -> assertThat(d).startsWith("device certificate is signed with SHA1WITHRSA"));
        assertThat(md5.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(ecdsaSha1.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
    }

    @Test
    void deviceWithAWeakKeyShouldBeRefusedAsWeak() {
        DeviceCertificateCheck rsa1024 = validator.validate(pki.device("d", Options.defaults().key(KeySpec.rsa(1024))).pem(), verified, null);
        DeviceCertificateCheck p224 = validator.validate(pki.device("d", Options.defaults().key(KeySpec.ec("P-224"))).pem(), verified, null);
        DeviceCertificateCheck secp192 = validator.validate(pki.device("d", Options.defaults().key(KeySpec.ec("secp192r1"))).pem(), verified, null);

        assertThat(rsa1024.verdict().detail()).contains("device certificate has an RSA key of 1024 bits, which is refused: at least 2048");
        assertThat(p224.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(secp192.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(validator.validate(pki.device("d", Options.defaults().key(KeySpec.rsa(2048))).pem(), verified, null).ok()).isTrue();
    }

    @Test
    void weakIntermediateShouldBeRefusedAsWeak() {
        TestPki rsa = TestPki.rootCa("rsa-ca", TestPki.KeyType.RSA, NOW);
        TestPki md5Sub = rsa.intermediate("md5-sub", Options.defaults().signedWith("MD5withRSA"));
        TestPki smallSub = pki.intermediate("small-sub", Options.defaults().key(KeySpec.ec("P-224")));

        DeviceCertificateCheck md5 = validator.validate(md5Sub.device("d").pem() + md5Sub.caPem(), List.of(rsa.ca().certificate()), null);
        DeviceCertificateCheck small = validator.validate(smallSub.device("d").pem() + smallSub.caPem(), verified, null);

        assertThat(md5.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(md5.verdict().detail()).hasValueSatisfying(d -> assertThat(d).startsWith("intermediate CA CN=md5-sub,O=Roster Test is signed with MD5WITHRSA"));
        assertThat(small.verdict().detail()).hasValueSatisfying(d -> assertThat(d).contains("EC key on a 224-bit curve"));
    }

    @Test
    void weakVerifiedCaStoredBeforeTheRulesShouldRefuseItsDevices() {
        TestPki legacy = TestPki.rootCa("legacy", TestPki.KeyType.RSA, Options.defaults().signedWith("SHA1withRSA"), NOW);

        DeviceCertificateCheck check = validator.validate(legacy.device("d").pem(), List.of(legacy.ca().certificate()), null);

        assertThat(check.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(check.verdict().detail()).hasValueSatisfying(d -> assertThat(d).startsWith("verified CA CN=legacy,O=Roster Test"));
    }

    @Test
    void weakCertificateNotOnThePathShouldBeIgnored() {
        TestPki.Issued unrelated = pki.device("other", Options.defaults().key(KeySpec.rsa(1024)));

        assertThat(validator.validate(pki.device("d").pem() + unrelated.pem(), verified, null).ok()).isTrue();
    }

    @Test
    void intermediateBelowACaWithPathLengthZeroShouldNotBeTrusted() {
        TestPki root = TestPki.rootCa("root-0", TestPki.KeyType.EC, Options.defaults().pathLen(0), NOW);
        TestPki sub = root.intermediate("sub");
        List<org.bouncycastle.cert.X509CertificateHolder> rootCa = List.of(root.ca().certificate());

        DeviceCertificateCheck below = validator.validate(sub.device("d").pem() + sub.caPem(), rootCa, null);

        assertThat(below.verdict().reason()).contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
        assertThat(below.verdict().detail()).contains("CA CN=root-0,O=Roster Test allows at most 0 CA certificates below it "
                + "(pathLenConstraint), the chain has 1");
        assertThat(validator.validate(root.device("d").pem(), rootCa, null).ok()).isTrue();
    }

    @Test
    void pathLengthShouldBeCountedAlongTheWholeChain() {
        TestPki root = TestPki.rootCa("root-1", TestPki.KeyType.EC, Options.defaults().pathLen(1), NOW);
        TestPki sub = root.intermediate("sub");
        TestPki subSub = sub.intermediate("sub-sub");
        List<org.bouncycastle.cert.X509CertificateHolder> rootCa = List.of(root.ca().certificate());

        assertThat(validator.validate(sub.device("d").pem() + sub.caPem(), rootCa, null).ok()).isTrue();
        assertThat(validator.validate(subSub.device("d").pem() + subSub.caPem() + sub.caPem(), rootCa, null).verdict().reason())
                .contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void pathLengthOfAnIntermediateShouldBeEnforced() {
        TestPki sub = pki.intermediate("sub-0", Options.defaults().pathLen(0));
        TestPki subSub = sub.intermediate("sub-sub");

        assertThat(validator.validate(sub.device("d").pem() + sub.caPem(), verified, null).ok()).isTrue();
        assertThat(validator.validate(subSub.device("d").pem() + subSub.caPem() + sub.caPem(), verified, null).verdict().detail())
                .hasValueSatisfying(d -> assertThat(d).startsWith("CA CN=sub-0,O=Roster Test allows at most 0"));
    }

    @Test
    void pathLengthOfAVerifiedIntermediateShouldBeEnforced() {
        TestPki sub = pki.intermediate("verified-sub-0", Options.defaults().pathLen(0));
        TestPki subSub = sub.intermediate("sub-sub");

        assertThat(validator.validate(subSub.device("d").pem() + subSub.caPem(), List.of(sub.ca().certificate()), null)
                .verdict().reason()).contains(DenyReason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void selfIssuedIntermediateShouldNotCountTowardsThePathLength() {
        TestPki root = TestPki.rootCa("rolled", TestPki.KeyType.EC, Options.defaults().pathLen(0), NOW);
        TestPki rekeyed = root.intermediate("rolled");  // same name, new key: a self-issued CA certificate

        assertThat(validator.validate(rekeyed.device("d").pem() + rekeyed.caPem(), List.of(root.ca().certificate()), null).ok()).isTrue();
    }

    @Test
    void unknownCriticalExtensionAnywhereOnThePathShouldBeRefused() throws IOException {
        Extension unknown = new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7"), true, DERNull.INSTANCE.getEncoded());
        Extension informative = new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7"), false, DERNull.INSTANCE.getEncoded());
        TestPki criticalSub = pki.intermediate("critical-sub", Options.defaults().extension(unknown));

        DeviceCertificateCheck leaf = validator.validate(pki.device("d", Options.defaults().extension(unknown)).pem(), verified, null);
        DeviceCertificateCheck intermediate = validator.validate(criticalSub.device("d").pem() + criticalSub.caPem(), verified, null);

        assertThat(leaf.verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
        assertThat(leaf.verdict().detail()).contains("device certificate has a critical extension 1.3.6.1.4.1.55555.7 that is not supported");
        assertThat(intermediate.verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
        assertThat(validator.validate(pki.device("d", Options.defaults().extension(informative)).pem(), verified, null).ok()).isTrue();
    }

    @Test
    void criticalExtensionsTheValidatorUnderstandsShouldPass() throws IOException {
        Extension clientAuth = new Extension(Extension.extendedKeyUsage, true,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth).getEncoded());

        assertThat(validator.validate(pki.device("d", Options.defaults().extension(clientAuth)).pem(), verified, null).ok()).isTrue();
    }
}
