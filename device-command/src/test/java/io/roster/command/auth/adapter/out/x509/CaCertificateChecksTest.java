package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.MutableClock;
import io.roster.command.auth.support.TestPki.KeySpec;
import io.roster.command.auth.support.TestPki.Options;
import io.roster.command.auth.support.TestPki;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

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

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "RSA, SHA1withRSA, SHA1WITHRSA",
            "RSA, MD5withRSA, MD5WITHRSA",
            "EC, SHA1withECDSA, ECDSAWITHSHA1"})
    void caSignedWithMd5OrSha1ShouldBeRefusedAsWeak(TestPki.KeyType keyType, String algorithm, String named) {
        TestPki weak = TestPki.rootCa("weak", keyType, Options.defaults().signedWith(algorithm), NOW);

        CaUploadCheck check = checks.checkUpload(weak.caPem());

        assertThat(check.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(check.verdict().detail()).hasValueSatisfying(detail -> assertThat(detail)
                .contains("CA certificate is signed with " + named).contains("never MD5 or SHA-1"));
    }

    @Test
    void caWithAShortRsaKeyShouldBeRefusedAsWeak() {
        TestPki weak = TestPki.rootCa("rsa-1024", TestPki.KeyType.RSA, Options.defaults().key(KeySpec.rsa(1024)), NOW);

        CaUploadCheck check = checks.checkUpload(weak.caPem());

        assertThat(check.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(check.verdict().detail()).contains("CA certificate has an RSA key of 1024 bits, which is refused: at least 2048");
    }

    @ParameterizedTest
    @CsvSource({"secp192r1, 192", "P-224, 224"})
    void caWithAKeyOnASmallCurveShouldBeRefusedAsWeak(String curve, int bits) {
        TestPki weak = TestPki.rootCa("small-curve", TestPki.KeyType.EC, Options.defaults().key(KeySpec.ec(curve)), NOW);

        CaUploadCheck check = checks.checkUpload(weak.caPem());

        assertThat(check.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(check.verdict().detail()).hasValueSatisfying(detail -> assertThat(detail)
                .contains("EC key on a " + bits + "-bit curve"));
    }

    @Test
    void dsaCaShouldBeRefusedAsWeakWhateverItsSize() {
        TestPki dsa = TestPki.rootCa("dsa", TestPki.KeyType.EC, Options.defaults().key(KeySpec.dsa(2048)), NOW);

        CaUploadCheck check = checks.checkUpload(dsa.caPem());

        assertThat(check.verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(check.verdict().detail()).hasValueSatisfying(detail -> assertThat(detail).contains("DSA key"));
    }

    @Test
    void strongCasShouldStillBeAccepted() {
        assertThat(checks.checkUpload(TestPki.rootCa("p384", TestPki.KeyType.EC,
                Options.defaults().key(KeySpec.ec("secp384r1")).signedWith("SHA384withECDSA"), NOW).caPem()).ok()).isTrue();
        assertThat(checks.checkUpload(TestPki.rootCa("rsa-3072", TestPki.KeyType.RSA,
                Options.defaults().key(KeySpec.rsa(3072)).signedWith("SHA512withRSA"), NOW).caPem()).ok()).isTrue();
        assertThat(checks.checkUpload(TestPki.rootCa("rsa-pss", TestPki.KeyType.RSA,
                Options.defaults().signedWith("SHA256withRSAandMGF1"), NOW).caPem()).ok()).isTrue();
        assertThat(checks.checkUpload(TestPki.rootCa("ed25519", TestPki.KeyType.EC,
                Options.defaults().key(KeySpec.ed25519()), NOW).caPem()).ok()).isTrue();
    }

    @Test
    void rsaPssWithSha1ShouldBeRefusedAsWeak() {
        TestPki pss = TestPki.rootCa("pss-sha1", TestPki.KeyType.RSA, Options.defaults().signedWith("SHA1withRSAandMGF1"), NOW);

        assertThat(checks.checkUpload(pss.caPem()).verdict().reason()).contains(DenyReason.CERTIFICATE_WEAK);
    }

    @Test
    void caWithAnUnknownCriticalExtensionShouldBeRefused() throws IOException {
        ASN1ObjectIdentifier privateOid = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7");
        TestPki critical = TestPki.rootCa("critical", TestPki.KeyType.EC,
                Options.defaults().extension(new Extension(privateOid, true, DERNull.INSTANCE.getEncoded())), NOW);
        TestPki informative = TestPki.rootCa("informative", TestPki.KeyType.EC,
                Options.defaults().extension(new Extension(privateOid, false, DERNull.INSTANCE.getEncoded())), NOW);

        CaUploadCheck check = checks.checkUpload(critical.caPem());

        assertThat(check.verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
        assertThat(check.verdict().detail()).contains("CA certificate has a critical extension 1.3.6.1.4.1.55555.7 that is not supported");
        assertThat(checks.checkUpload(informative.caPem()).ok()).isTrue();
    }

    @Test
    void caWithNameConstraintsShouldBeRefusedBecauseTheyAreNotEnforced() throws IOException {
        NameConstraints onlyAcme = new NameConstraints(
                new GeneralSubtree[]{new GeneralSubtree(new GeneralName(GeneralName.dNSName, "acme.example"))}, null);
        TestPki constrained = TestPki.rootCa("constrained", TestPki.KeyType.EC,
                Options.defaults().extension(new Extension(Extension.nameConstraints, true, onlyAcme.getEncoded())), NOW);

        assertThat(checks.checkUpload(constrained.caPem()).verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
    }

    @Test
    void caWithAPathLengthConstraintShouldBeAccepted() {
        assertThat(checks.checkUpload(TestPki.rootCa("path-0", TestPki.KeyType.EC, Options.defaults().pathLen(0), NOW).caPem())
                .ok()).isTrue();
    }

    @Test
    void proofOfPossessionShouldRefuseAWeakVerificationCertificate() {
        TestPki rsa = TestPki.rootCa("rsa", TestPki.KeyType.RSA, NOW);
        String sha1 = rsa.verificationCertificate("code", Options.defaults().signedWith("SHA1withRSA")).pem();
        String shortKey = rsa.verificationCertificate("code", Options.defaults().key(KeySpec.rsa(1024))).pem();

        assertThat(checks.checkProofOfPossession(rsa.ca().certificate(), "code", sha1).reason()).contains(DenyReason.CERTIFICATE_WEAK);
        assertThat(checks.checkProofOfPossession(rsa.ca().certificate(), "code", shortKey).detail())
                .contains("verification certificate has an RSA key of 1024 bits, which is refused: at least 2048");
        assertThat(checks.checkProofOfPossession(rsa.ca().certificate(), "code", rsa.verificationCertificate("code").pem())
                .allowed()).isTrue();
    }

    @Test
    void proofOfPossessionShouldRefuseAVerificationCertificateWithAnUnknownCriticalExtension() throws IOException {
        Extension unknown = new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7"), true, DERNull.INSTANCE.getEncoded());
        String pem = pki.verificationCertificate("code", Options.defaults().extension(unknown)).pem();

        assertThat(checks.checkProofOfPossession(pki.ca().certificate(), "code", pem).reason())
                .contains(DenyReason.CERTIFICATE_INVALID);
    }

    @Test
    void proofOfPossessionShouldRefuseAWeakCaStoredBeforeTheRules() {
        TestPki legacy = TestPki.rootCa("legacy", TestPki.KeyType.RSA, Options.defaults().signedWith("SHA1withRSA"), NOW);

        assertThat(checks.checkProofOfPossession(legacy.ca().certificate(), "code", legacy.verificationCertificate("code").pem()).detail())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("CA certificate is signed with SHA1WITHRSA"));
    }
}
