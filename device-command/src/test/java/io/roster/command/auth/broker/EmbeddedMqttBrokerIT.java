package io.roster.command.auth.broker;

import io.roster.command.auth.support.TestPki;
import io.roster.command.auth.x509.CertificateFingerprint;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spike for the gateway end-to-end test: an in-process HiveMQ CE calls a pluggable hook on every CONNECT, with
 * username/password on plain TCP and with the client certificate on mutual TLS; Paho connects as the device.
 */
class EmbeddedMqttBrokerIT {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final TestPki PKI = TestPki.rootCa("broker-it-ca");
    private static final TestPki.Issued DEVICE = PKI.device("device-1");
    private static final List<MqttConnectAttempt> ATTEMPTS = new CopyOnWriteArrayList<>();
    private static EmbeddedMqttBroker broker;

    @BeforeAll
    static void startBroker(@TempDir Path dir) throws Exception {
        broker = EmbeddedMqttBroker.start(dir, EmbeddedMqttBrokerIT::allow,
                PKI.tlsServer().keyStore(PASSWORD, PKI.ca()), PKI.trustStore());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /** Stands in for the call to /api/v1/auth/connect. */
    private static boolean allow(MqttConnectAttempt attempt) {
        ATTEMPTS.add(attempt);
        if (!attempt.clientCertificates().isEmpty()) {
            return attempt.clientId().startsWith("x509-")
                    && CertificateFingerprint.sha256Hex(der(attempt)).equals(DEVICE.fingerprint());
        }
        return "pk&dk".equals(attempt.username()) && "good-signature".equals(EmbeddedMqttBroker.text(attempt.password()));
    }

    @Test
    void usernameAndPasswordShouldReachTheHookAndBeAccepted() throws Exception {
        MqttClient client = connect(broker.tcpUri(), "client-ok", "pk&dk", "good-signature", null);
        assertThat(client.isConnected()).isTrue();
        client.disconnect();
        client.close();
        assertThat(ATTEMPTS).anySatisfy(a -> assertThat(a.clientId()).isEqualTo("client-ok"));
    }

    @Test
    void wrongPasswordShouldBeRejected() {
        assertThatThrownBy(() -> connect(broker.tcpUri(), "client-bad", "pk&dk", "wrong", null))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void mutualTlsShouldHandTheClientCertificateToTheHook() throws Exception {
        MqttClient client = connect(broker.tlsUri(), "x509-device-1", null, null, sslContext(DEVICE));
        assertThat(client.isConnected()).isTrue();
        client.disconnect();
        client.close();
        assertThat(ATTEMPTS).anySatisfy(a -> {
            assertThat(a.clientId()).isEqualTo("x509-device-1");
            assertThat(a.clientCertificates()).isNotEmpty();
            assertThat(a.clientCertificates().get(0)).isEqualTo(DEVICE.x509());
        });
    }

    @Test
    void mutualTlsWithAnotherCertificateShouldBeRejectedByTheHook() throws Exception {
        TestPki.Issued other = PKI.device("device-2");
        assertThatThrownBy(() -> connect(broker.tlsUri(), "x509-device-2", null, null, sslContext(other)))
                .isInstanceOf(MqttException.class);
    }

    private static MqttClient connect(String uri, String clientId, String username, String password, SSLContext tls)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        if (tls != null) {
            options.setSocketFactory(tls.getSocketFactory());
        }
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static SSLContext sslContext(TestPki.Issued clientCertificate) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(clientCertificate.keyStore(PASSWORD, PKI.ca()), PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PKI.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static byte[] der(MqttConnectAttempt attempt) {
        try {
            return attempt.clientCertificates().get(0).getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
