package io.roster.contract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FingerprintTest {

    /** SHA-256 of the three bytes "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void ofDerIsLowercaseHexSha256() {
        assertThat(Fingerprint.of("abc".getBytes(StandardCharsets.US_ASCII)).hex()).isEqualTo(ABC);
    }

    @Test
    void parseNormalisesCaseAndOpensslColons() {
        String colons = ABC.toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertThat(colons).startsWith("BA:78:16:BF").hasSize(95);
        assertThat(Fingerprint.parse(colons)).contains(new Fingerprint(ABC));
        assertThat(Fingerprint.parse(ABC.toUpperCase())).contains(new Fingerprint(ABC));
        assertThat(Fingerprint.parse(ABC)).map(Fingerprint::hex).contains(ABC);
    }

    @Test
    void parseRoundTripsItsOwnForm() {
        Fingerprint fp = Fingerprint.of(new byte[] {1, 2, 3});
        assertThat(Fingerprint.parse(fp.hex())).contains(fp);
        assertThat(Fingerprint.parse(fp.toString())).contains(fp);
    }

    @Test
    void parseRefusesAnythingElse() {
        assertThat(Fingerprint.parse(null)).isEmpty();
        assertThat(Fingerprint.parse("abc")).isEmpty();
        assertThat(Fingerprint.parse(ABC.substring(1))).isEmpty();
        assertThat(Fingerprint.parse(ABC + "0")).isEmpty();
        assertThat(Fingerprint.parse("g" + ABC.substring(1))).isEmpty();
        assertThat(Fingerprint.parse(ABC.replaceAll("(..)(?!$)", "$1-"))).isEmpty();
        assertThat(Fingerprint.parse(ABC.replaceAll("(..)(?!$)", "$1:").replaceFirst(":", "") + "0")).isEmpty();
        assertThat(Fingerprint.parse(" " + ABC.substring(1))).isEmpty();
    }

    @Test
    void parseAndThePatternAgree() {
        Pattern pattern = Pattern.compile(Fingerprint.PATTERN);
        String colons = ABC.replaceAll("(..)(?!$)", "$1:");
        List<String> samples = new ArrayList<>(List.of(ABC, ABC.toUpperCase(), colons, colons.toUpperCase(), "",
                ABC.substring(2), colons.substring(3), colons.replace(':', '-'), ABC.replace('a', 'G')));
        for (int i = 0; i < colons.length(); i++) {
            for (char c : new char[] {':', 'A', 'g', ' ', '0'}) {
                samples.add(colons.substring(0, i) + c + colons.substring(i + 1));
                if (i < ABC.length()) {
                    samples.add(ABC.substring(0, i) + c + ABC.substring(i + 1));
                }
            }
        }
        for (String sample : samples) {
            assertThat(Fingerprint.parse(sample).isPresent()).as(sample).isEqualTo(pattern.matcher(sample).matches());
        }
    }

    @Test
    void theRecordHoldsOnlyTheCanonicalForm() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Fingerprint(ABC.toUpperCase()));
        assertThatIllegalArgumentException().isThrownBy(() -> new Fingerprint(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Fingerprint("ab"));
    }

    @Test
    void matchesTheSameFingerprintOnly() {
        Fingerprint fp = new Fingerprint(ABC);
        assertThat(fp.matches(new Fingerprint(ABC))).isTrue();
        assertThat(fp.matches(Fingerprint.of(new byte[0]))).isFalse();
        assertThat(fp.matches(null)).isFalse();
    }
}
