package io.roster.command.auth.broker;

import io.roster.command.auth.domain.signature.DeviceSignatures;
import io.roster.command.auth.support.TestPki;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** A device connecting with Eclipse Paho, with the MQTT credentials Roster's gateways expect. */
public final class PahoDevice {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private PahoDevice() {
    }

    /** {@code <deviceKey>&<productKey>}. */
    public static String username(String productKey, String deviceKey) {
        return deviceKey + "&" + productKey;
    }

    /** {@code hmac-sha256:<timestamp>:<signature>}, the signature covering the MQTT client id. */
    public static String password(String deviceSecret, String productKey, String deviceKey, String clientId, long timestamp) {
        return DeviceSignatures.SIGN_METHOD + ":" + timestamp + ":"
                + DeviceSignatures.connectSignature(deviceSecret, productKey, deviceKey, clientId, timestamp);
    }

    /**
     * Connects (clean session, no automatic reconnect) and returns the connected client; closes it and rethrows when
     * the broker refuses.
     *
     * @param password {@code null} to send none (X.509 devices)
     * @param tls      {@code null} for plain TCP
     */
    public static MqttClient connect(String uri, String clientId, String username, String password, SSLContext tls)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(15);
        options.setAutomaticReconnect(false);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
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

    /** Connects, checks nothing more, and disconnects: for tests that only care that the broker let it in. */
    public static boolean connectsAndLeaves(String uri, String clientId, String username, String password, SSLContext tls)
            throws MqttException {
        MqttClient client = connect(uri, clientId, username, password, tls);
        try {
            return client.isConnected();
        } finally {
            client.disconnect();
            client.close();
        }
    }

    /** Mutual TLS as {@code device} (certificate issued by {@code issuer}), trusting the broker's CA. */
    public static SSLContext mutualTls(TestPki.Issued device, TestPki.Issued issuer, KeyStore brokerTrust) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(device.keyStore(PASSWORD, issuer), PASSWORD);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(brokerTrust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
