package io.roster.command.auth.broker;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the broker knows when a client connects: MQTT CONNECT fields and, on a mutual-TLS listener, the client's
 * certificate chain (leaf first) from the TLS handshake — what a gateway forwards to {@code /api/v1/auth/connect}.
 */
public record MqttConnectAttempt(String clientId, String username, byte[] password, List<X509Certificate> clientCertificates) {

    public MqttConnectAttempt {
        clientCertificates = List.copyOf(clientCertificates);
    }
}
