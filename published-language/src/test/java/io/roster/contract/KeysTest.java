package io.roster.contract;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeysTest {

    @Test
    void acceptsOneToSixtyFourAllowedCharacters() {
        assertThat(Keys.valid("a")).isTrue();
        assertThat(Keys.valid("k3Xb9QeT1aZ")).isTrue();
        assertThat(Keys.valid("meter_0001.site:eu@floor-2")).isTrue();
        assertThat(Keys.valid("x".repeat(64))).isTrue();
    }

    @Test
    void refusesEmptyTooLongNullAndOtherCharacters() {
        assertThat(Keys.valid(null)).isFalse();
        assertThat(Keys.valid("")).isFalse();
        assertThat(Keys.valid("x".repeat(65))).isFalse();
        assertThat(Keys.valid("a/b")).isFalse();
        assertThat(Keys.valid("a b")).isFalse();
        assertThat(Keys.valid("é")).isFalse();
        assertThat(Keys.valid("a\n")).isFalse();
    }

    @Test
    void theLoopAndThePatternAgreeOnEveryCharacterAndLength() {
        Pattern pattern = Pattern.compile(Keys.PATTERN);
        for (char c = 0; c < 0x300; c++) {
            String key = "a" + c;
            assertThat(Keys.valid(key)).as("U+%04X", (int) c).isEqualTo(pattern.matcher(key).matches());
        }
        for (int length = 0; length <= 66; length++) {
            String key = "k".repeat(length);
            assertThat(Keys.valid(key)).as("length %d", length).isEqualTo(pattern.matcher(key).matches());
        }
    }

    @Test
    void requireReturnsTheKeyOrSaysWhichKeyIsWrong() {
        assertThat(Keys.require("d-1", "deviceKey")).isEqualTo("d-1");
        assertThatIllegalArgumentException().isThrownBy(() -> Keys.require("a/b", "deviceKey"))
                .withMessage("deviceKey must be 1-64 characters of A-Z a-z 0-9 _ . : @ -");
    }
}
