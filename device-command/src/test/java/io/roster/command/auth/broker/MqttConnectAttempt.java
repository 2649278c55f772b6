package io.roster.command.auth.broker;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the broker knows when a client connects: the listener it came in on, its address, the MQTT CONNECT fields
 * and, on a mutual-TLS listener, the client's certificate chain (leaf first) from the TLS handshake — what a
 * gateway forwards to Roster.
 *
 * @param listener the name the listener was given in {@link EmbeddedMqttBroker.Builder}
 * @param peerHost the client's IP address, or {@code null} when the broker does not know it
 */
public record MqttConnectAttempt(String listener, String peerHost, String clientId, String username, byte[] password,
                                 List<X509Certificate> clientCertificates) {

    public MqttConnectAttempt {
        clientCertificates = List.copyOf(clientCertificates);
    }
}
