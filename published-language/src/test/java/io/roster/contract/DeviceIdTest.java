package io.roster.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeviceIdTest {

    @Test
    void itsStringIsProductKeySlashDeviceKey() {
        DeviceId id = new DeviceId("k3Xb9QeT1aZ", "meter-0001");
        assertThat(id.asString()).isEqualTo("k3Xb9QeT1aZ/meter-0001");
        assertThat(id).hasToString("k3Xb9QeT1aZ/meter-0001");
    }

    @Test
    void parsesWhatItPrints() {
        DeviceId id = new DeviceId("pk-1", "a.b:c@d_e");
        assertThat(DeviceId.parse(id.asString())).isEqualTo(id);
        assertThat(DeviceId.parse("pk/dk")).isEqualTo(new DeviceId("pk", "dk"));
    }

    @Test
    void refusesKeysThatBreakTheRule() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DeviceId("pk", "a/b"));
        assertThatIllegalArgumentException().isThrownBy(() -> new DeviceId("", "dk"));
        assertThatIllegalArgumentException().isThrownBy(() -> new DeviceId(null, "dk"));
        assertThatIllegalArgumentException().isThrownBy(() -> new DeviceId("pk", "x".repeat(65)))
                .withMessageContaining("deviceKey");
    }

    @Test
    void refusesTextThatIsNotTwoKeysJoinedByOneSlash() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.parse(null));
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.parse("pkdk"));
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.parse("pk/"));
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.parse("/dk"));
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.parse("pk/dk/x"));
    }
}
