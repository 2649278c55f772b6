package io.roster.command.auth.domain.signature;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceSignaturesTest {

    // Vectors from: printf 'a1B2c3D4e5F\ndev-001\nclient-1\n1700000000000' | openssl dgst -sha256 -hmac <key>
    @Test
    void connectSignatureShouldMatchOpenssl() {
        assertThat(DeviceSignatures.connectSignature("0123456789abcdef0123456789abcdef", "a1B2c3D4e5F", "dev-001",
                "client-1", 1_700_000_000_000L))
                .isEqualTo("38da7def270c34156b8a5ceb1dae8c84bfee70e24a01e89390bc9f2baf8dc4d8");
    }

    @Test
    void registerSignatureShouldMatchOpenssl() {
        assertThat(DeviceSignatures.registerSignature("ProductSecretProductSecret123456", "a1B2c3D4e5F", "dev-001",
                "r4nd0m", 1_700_000_000_000L))
                .isEqualTo("515f5c9bd021fdf6a7a65c4e16d65040fd33f2de81a117897750b7316269879d");
    }

    @Test
    void messageShouldJoinFieldsWithLineFeedsAndDecimalTimestamp() {
        assertThat(DeviceSignatures.connectMessage("p", "d", "c", 42L)).isEqualTo("p\nd\nc\n42");
        assertThat(DeviceSignatures.registerMessage("p", "d", "r", 7L)).isEqualTo("p\nd\nr\n7");
    }

    @Test
    void emptyKeyShouldBeRefused() {
        assertThatThrownBy(() -> DeviceSignatures.hmacSha256("", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
