package io.roster.command.web;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KeysTest {

    private static final Pattern KEY = Pattern.compile(Keys.KEY);

    @Test
    void shouldAgreeWithTheKeyPatternOnEveryCharacterAndLength() {
        IntStream.range(0, 0x300).forEach(c -> {
            String key = "a" + (char) c + "b";
            assertThat(Keys.valid(key)).as("U+%04X", c).isEqualTo(KEY.matcher(key).matches());
        });
        for (int length = 0; length <= 66; length++) {
            String key = "k".repeat(length);
            assertThat(Keys.valid(key)).as("length %d", length).isEqualTo(KEY.matcher(key).matches());
        }
        assertThat(Keys.valid(null)).isFalse();
    }
}
