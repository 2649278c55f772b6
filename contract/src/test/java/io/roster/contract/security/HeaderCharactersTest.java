package io.roster.contract.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderCharactersTest {

    /** The expression StrictHttpFirewall applies by default; the loop must decide exactly as it does. */
    private static final Pattern DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "application/json", "München", "naïve ☃", "𝔘𝔫𝔦"})
    void shouldAdmitWhatTheDefaultAdmits(String value) {
        assertThat(HeaderCharacters.allowed(value)).isTrue().isEqualTo(DEFAULT.matcher(value).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "tab\there", "del\u007f", "c1\u0085", "unassigned\u0378", "x\r\n"})
    void shouldRefuseWhatTheDefaultRefuses(String value) {
        assertThat(HeaderCharacters.allowed(value)).isFalse().isEqualTo(DEFAULT.matcher(value).matches());
    }

    @Test
    void shouldAgreeWithTheDefaultOnEveryCharOfTheBasicPlane() {
        IntStream.range(0, 0x10000).filter(c -> !Character.isSurrogate((char) c)).forEach(c -> {
            String value = "x" + (char) c + "y";
            assertThat(HeaderCharacters.allowed(value)).as("U+%04X", c).isEqualTo(DEFAULT.matcher(value).matches());
        });
    }
}
