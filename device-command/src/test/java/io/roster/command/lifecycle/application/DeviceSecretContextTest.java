package io.roster.command.lifecycle.application;

import io.roster.command.auth.application.SecretCipher;
import io.roster.contract.EncryptedSecret;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A device secret's associated data never changes: ciphertexts already in event stores must keep decrypting. */
class DeviceSecretContextTest {

    /** Key-encryption key "k1": the bytes 0, 1, …, 31. */
    private static final byte[] KEY = toBytes(IntStream.range(0, 32));

    /**
     * {@code s3cret-of-dev-1-0123}, encrypted under {@link #KEY} with the associated data
     * {@code device-secret:pk1/dev-1} by the code that wrote the context by hand.
     */
    private static final EncryptedSecret STORED = new EncryptedSecret("k1",
            "D11y1GSi4iCSHCnVM/twxydsfUQ2/QDwaWOnDwdoCNE6mBSH7rAG9I3bQ7nLmNPS");

    private final SecretCipher cipher = new SecretCipher(Map.of("k1", KEY), "k1", new SecureRandom());

    @Test
    void shouldNameTheDeviceAsProductKeySlashDeviceKey() {
        assertThat(DeviceListService.deviceSecretContext("pk1", "dev-1")).isEqualTo("device-secret:pk1/dev-1");
    }

    @Test
    void aSecretStoredBeforeShouldStillDecrypt() {
        assertThat(cipher.decrypt(STORED, DeviceListService.deviceSecretContext("pk1", "dev-1")))
                .isEqualTo("s3cret-of-dev-1-0123");
    }

    private static byte[] toBytes(IntStream values) {
        int[] ints = values.toArray();
        byte[] bytes = new byte[ints.length];
        for (int i = 0; i < ints.length; i++) {
            bytes[i] = (byte) ints[i];
        }
        return bytes;
    }
}
