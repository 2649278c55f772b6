package io.roster.command.auth.application;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.SecretReset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialViewTest {

    /** Each event brings its own copies of these strings, as a deserialized event does. */
    private static String copy(String value) {
        return new String(value.toCharArray());
    }

    private static EncryptedSecret secret(String keyId, String cipher) {
        return new EncryptedSecret(copy(keyId), cipher);
    }

    @Test
    void devicesShareOneCopyOfTheirProductKeyAndKeyId() {
        CredentialView view = new CredentialView();
        view.apply(0, new ProductCreated(copy("pk1"), "name", Protocol.MQTT, NodeType.DIRECT, secret("k1", "cp")));
        view.apply(1, new DeviceAdded(copy("pk1"), "d1", AuthType.STATIC, null, false, secret("k1", "c1"), null, true, 9));
        view.apply(2, new DeviceAdded(copy("pk1"), "d2", AuthType.STATIC, null, false, secret("k1", "c2"), null, true, 8));
        view.apply(3, new SecretReset(copy("pk1"), "d2", AuthType.STATIC, secret("k1", "c3")));

        CredentialView.DeviceCredential d1 = view.device("pk1", "d1").orElseThrow();
        CredentialView.DeviceCredential d2 = view.device("pk1", "d2").orElseThrow();
        assertThat(d1.productKey()).isSameAs(d2.productKey()).isEqualTo("pk1");
        assertThat(d1.secret().keyId()).isSameAs(d2.secret().keyId())
                .isSameAs(view.product("pk1").orElseThrow().productSecret().keyId()).isEqualTo("k1");
        assertThat(d1.secret().cipher()).isEqualTo("c1");
        assertThat(d2.secret().cipher()).isEqualTo("c3");
        assertThat(view.product("pk1").orElseThrow().productKey()).isSameAs(d1.productKey());
    }

    @Test
    void aCiphertextComesBackAsItWasStoredWhetherOrNotItIsCanonicalBase64() {
        String canonical = java.util.Base64.getEncoder().encodeToString(new byte[60]);
        CredentialView view = new CredentialView();
        view.apply(0, new ProductCreated("pk1", "name", Protocol.MQTT, NodeType.DIRECT, secret("k1", "cp")));
        view.apply(1, new DeviceAdded("pk1", "b64", AuthType.STATIC, null, false, secret("k1", canonical), null, true, 9));
        view.apply(2, new DeviceAdded("pk1", "odd", AuthType.STATIC, null, false, secret("k1", "c1=="), null, true, 8));
        view.apply(3, new DeviceAdded("pk1", "bad", AuthType.STATIC, null, false, secret("k1", "not base64!"), null, true, 7));

        assertThat(view.device("pk1", "b64").orElseThrow().secret()).isEqualTo(new EncryptedSecret("k1", canonical));
        assertThat(view.device("pk1", "odd").orElseThrow().secret()).isEqualTo(new EncryptedSecret("k1", "c1=="));
        assertThat(view.device("pk1", "bad").orElseThrow().secret()).isEqualTo(new EncryptedSecret("k1", "not base64!"));
        assertThat(view.devices("pk1")).extracting(d -> d.secret().cipher())
                .containsExactlyInAnyOrder(canonical, "c1==", "not base64!");
    }

    @Test
    void aSnapshotReadsBackAsTheViewItWasWrittenFrom() throws Exception {
        CredentialView view = new CredentialView();
        view.apply(0, new ProductCreated("pk1", "name", Protocol.MQTT, NodeType.DIRECT, secret("k1", "cp")));
        view.apply(1, new DeviceAdded("pk1", "s", AuthType.STATIC, null, false,
                secret("k1", java.util.Base64.getEncoder().encodeToString(new byte[60])), null, true, 9));
        view.apply(2, new DeviceAdded("pk1", "x", AuthType.X509, null, false, null, "ab".repeat(32), true, 8));
        view.apply(3, new DeviceAdded("pk1", "gone", AuthType.DYNAMIC, null, false, null, null, true, 7));
        view.apply(4, new io.roster.contract.event.DeviceDeleted("pk1", "gone", false, false, 8));
        view.apply(5, new io.roster.contract.event.FingerprintReset("pk1", "x", "ab".repeat(32)));
        view.apply(6, new io.roster.contract.event.DeviceActivated("pk1", "s", AuthType.STATIC, true));
        view.apply(0, new ProductCreated("pk2", "other", Protocol.LWM2M, NodeType.DIRECT, secret("k2", "odd text")));

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        view.writeSnapshot(new java.io.DataOutputStream(bytes));
        CredentialView copy = new CredentialView();
        long devices = copy.readSnapshot(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));

        assertThat(devices).isEqualTo(2);
        assertThat(copy.productKeys()).containsExactlyInAnyOrderElementsOf(view.productKeys());
        for (String pk : view.productKeys()) {
            assertThat(copy.sequence(pk)).isEqualTo(view.sequence(pk));
            assertThat(copy.product(pk)).isEqualTo(view.product(pk));
            assertThat(copy.devices(pk)).containsExactlyInAnyOrderElementsOf(view.devices(pk));
        }
        assertThat(copy.wasDeleted("pk1", "gone")).isTrue();
        assertThat(copy.device("pk1", "x").orElseThrow().revokedFingerprints()).containsExactly("ab".repeat(32));
        assertThat(copy.device("pk1", "s").orElseThrow().activated()).isTrue();
        // the copy goes on from where the snapshot ended
        copy.apply(7, new DeviceAdded("pk1", "later", AuthType.DYNAMIC, null, false, null, null, true, 6));
        assertThat(copy.device("pk1", "later")).isPresent();
    }

    @Test
    void aSnapshotThatCannotBeReadLeavesTheViewEmpty() throws Exception {
        CredentialView view = new CredentialView();
        view.apply(0, new ProductCreated("pk1", "name", Protocol.MQTT, NodeType.DIRECT, secret("k1", "cp")));
        view.apply(1, new DeviceAdded("pk1", "d1", AuthType.DYNAMIC, null, false, null, null, true, 9));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        view.writeSnapshot(new java.io.DataOutputStream(bytes));
        byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 3);

        CredentialView copy = new CredentialView();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> copy.readSnapshot(
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(truncated))))
                .isInstanceOf(java.io.EOFException.class);
        assertThat(copy.productKeys()).isEmpty();
    }

    @Test
    void aDeviceWithoutSecretStaysWithout() {
        CredentialView view = new CredentialView();
        view.apply(0, new ProductCreated("pk1", "name", Protocol.MQTT, NodeType.DIRECT, secret("k1", "cp")));
        view.apply(1, new DeviceAdded("pk1", "dyn", AuthType.DYNAMIC, null, false, null, null, true, 9));

        assertThat(view.device("pk1", "dyn").orElseThrow().secret()).isNull();
        assertThat(view.sequence("pk1")).isEqualTo(1);
    }
}
