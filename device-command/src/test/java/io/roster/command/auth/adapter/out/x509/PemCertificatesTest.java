package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.TestPki;
import io.roster.contract.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class PemCertificatesTest {

    private static final TestPki PKI = TestPki.rootCa("pem-test");

    @Test
    void shouldReadLeafThenChainWithFingerprints() {
        TestPki intermediate = PKI.intermediate("sub");
        TestPki.Issued device = intermediate.device("dev-1");
        ParsedPem parsed = PemCertificates.parse(device.pem() + intermediate.caPem());
        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.certificates()).containsExactly(device.certificate(), intermediate.ca().certificate());
        assertThat(parsed.leafFingerprint()).isEqualTo(device.fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldIgnoreTextAroundTheBlocks() {
        String pem = "Bag Attributes\n    friendlyName: dev\n" + PKI.caPem() + "\ntrailing words\n";
        assertThat(PemCertificates.parse(pem).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "hello",
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nnot base64 at all !!!\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nMIIB\n",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n"
    })
    void garbageShouldBeRefusedAsInvalid(String pem) {
        ParsedPem parsed = PemCertificates.parse(pem);
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
        assertThat(parsed.certificates()).isEmpty();
    }

    @Test
    void nullShouldBeRefused() {
        assertThat(PemCertificates.parse(null).verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
    }

    @Test
    void hugeInputShouldBeRefusedWithoutParsing() {
        String huge = PKI.caPem().repeat(PemCertificates.MAX_PEM_CHARS / PKI.caPem().length() + 1);
        assertThat(PemCertificates.parse(huge).verdict().detail()).hasValueSatisfying(d -> assertThat(d).contains("longer"));
    }

    @Test
    void tooManyCertificatesShouldBeRefused() {
        assertThat(PemCertificates.parse(PKI.caPem().repeat(PemCertificates.MAX_CERTIFICATES + 1)).ok()).isFalse();
        assertThat(PemCertificates.parse(PKI.caPem().repeat(PemCertificates.MAX_CERTIFICATES)).ok()).isTrue();
    }

    @Test
    void deeplyNestedAsn1ShouldBeRefusedNotThrown() {
        int depth = 20_000;
        byte[] der = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            der[2 * i] = 0x30;
            der[2 * i + 1] = (byte) 0x80;  // indefinite length: nesting costs two bytes
        }
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE-----\n";
        assertThat(PemCertificates.parse(pem).verdict().reason()).contains(DenyReason.CERTIFICATE_INVALID);
    }

    @Test
    void truncatedCertificateShouldBeRefused() {
        byte[] der = Base64.getDecoder().decode(PKI.caPem().replaceAll("-----[A-Z ]+-----|\\s", ""));
        byte[] cut = java.util.Arrays.copyOf(der, der.length - 10);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cut) + "\n-----END CERTIFICATE-----\n";
        assertThat(PemCertificates.parse(pem).ok()).isFalse();
    }

    @Test
    void encodeShouldRoundTrip() {
        assertThat(PemCertificates.parse(PemCertificates.encode(PKI.ca().certificate())).leaf()).isEqualTo(PKI.ca().certificate());
    }

    @Test
    void fingerprintNormalizeShouldAcceptOpensslColonForm() {
        String fp = PKI.ca().fingerprint();
        String colons = fp.toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertThat(Fingerprint.parse(colons)).contains(new Fingerprint(fp));
        assertThat(Fingerprint.parse("abc")).isEmpty();
        assertThat(Fingerprint.parse(null)).isEmpty();
    }
}
