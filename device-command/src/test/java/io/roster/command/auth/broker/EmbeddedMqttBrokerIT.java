package io.roster.command.auth.broker;

import io.roster.command.auth.support.TestPki;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker harness on its own, with a hook that needs no Roster: what the hook is handed on each listener, and
 * that its answer is what the client gets. {@code it.MqttBrokerAuthIT} puts Roster behind the hook.
 */
class EmbeddedMqttBrokerIT {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final TestPki PKI = TestPki.rootCa("broker-it-ca");
    private static final TestPki.Issued DEVICE = PKI.device("device-1");
    private static final List<MqttConnectAttempt> ATTEMPTS = new CopyOnWriteArrayList<>();
    private static EmbeddedMqttBroker broker;

    @BeforeAll
    static void startBroker(@TempDir Path dir) throws Exception {
        broker = EmbeddedMqttBroker.builder(dir)
                .tcp("plain")
                .mutualTls("tls", PKI.tlsServer().keyStore(PASSWORD, PKI.ca()), PKI.trustStore())
                .start(EmbeddedMqttBrokerIT::allow);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static boolean allow(MqttConnectAttempt attempt) {
        ATTEMPTS.add(attempt);
        if (!attempt.clientCertificates().isEmpty()) {
            return attempt.clientCertificates().get(0).equals(DEVICE.x509());
        }
        return "pk&dk".equals(attempt.username()) && "good-signature".equals(EmbeddedMqttBroker.text(attempt.password()));
    }

    @Test
    void usernameAndPasswordShouldReachTheHookWithTheListenerAndPeer() throws Exception {
        assertThat(PahoDevice.connectsAndLeaves(broker.uri("plain"), "client-ok", "pk&dk", "good-signature", null)).isTrue();
        assertThat(ATTEMPTS).anySatisfy(a -> {
            assertThat(a.clientId()).isEqualTo("client-ok");
            assertThat(a.listener()).isEqualTo("plain");
            assertThat(a.peerHost()).isEqualTo("127.0.0.1");
            assertThat(a.clientCertificates()).isEmpty();
        });
    }

    @Test
    void hookSayingNoShouldRefuseTheClient() {
        assertThatThrownBy(() -> PahoDevice.connect(broker.uri("plain"), "client-bad", "pk&dk", "wrong", null))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void mutualTlsShouldHandTheClientCertificateChainToTheHook() throws Exception {
        assertThat(PahoDevice.connectsAndLeaves(broker.uri("tls"), "x509-device-1", null, null,
                PahoDevice.mutualTls(DEVICE, PKI.ca(), PKI.trustStore()))).isTrue();
        assertThat(ATTEMPTS).anySatisfy(a -> {
            assertThat(a.clientId()).isEqualTo("x509-device-1");
            assertThat(a.listener()).isEqualTo("tls");
            assertThat(a.clientCertificates()).containsExactly(DEVICE.x509(), PKI.ca().x509());
        });
    }

    @Test
    void mutualTlsWithAnotherCertificateShouldBeRefusedByTheHook() {
        TestPki.Issued other = PKI.device("device-2");
        assertThatThrownBy(() -> PahoDevice.connect(broker.uri("tls"), "x509-device-2", null, null,
                PahoDevice.mutualTls(other, PKI.ca(), PKI.trustStore())))
                .isInstanceOf(MqttException.class);
    }
}
