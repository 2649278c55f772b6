package io.roster.command.auth.domain.signature;

import io.roster.command.auth.domain.Hex;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceSecretCipherTest {

    private static final String PS = "ProductSecretProductSecret123456";
    private final DeviceSecretCipher cipher = new DeviceSecretCipher(new SecureRandom());

    @Test
    void deviceShouldRecoverTheSecretWithTheProductSecret() {
        String sealed = cipher.encrypt("0123456789abcdef0123456789abcdef", PS);
        assertThat(DeviceSecretCipher.decrypt(sealed, PS)).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void cipherShouldBeIvCiphertextTagInBase64() {
        byte[] raw = Base64.getDecoder().decode(cipher.encrypt("abc", PS));
        assertThat(raw).hasSize(12 + 3 + 16);
        assertThat(cipher.encrypt("abc", PS)).isNotEqualTo(cipher.encrypt("abc", PS));
    }

    // Vector from: printf roster-device-secret | openssl dgst -sha256 -hmac ProductSecretProductSecret123456
    @Test
    void keyShouldBeTheHmacOfTheLabel() {
        assertThat(Hex.encode(DeviceSecretCipher.deriveKey(PS)))
                .isEqualTo("bfbb24ca6e33405971833d27ec2693cd64ed46b71e18048cbada9dbd9d268ad9");
    }

    @Test
    void decryptShouldRefuseAnotherProductSecretOrGarbage() {
        String sealed = cipher.encrypt("secret", PS);
        assertThatThrownBy(() -> DeviceSecretCipher.decrypt(sealed, "another")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceSecretCipher.decrypt("not base64!", PS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceSecretCipher.decrypt("AAAA", PS)).isInstanceOf(IllegalArgumentException.class);
    }
}
