package io.roster.command.auth.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What an MQTT gateway does with a CONNECT: asks Roster over HTTP, with a {@code gateway} bearer token, and lets the
 * client in only on {@code "result":"allow"}. Per listener it speaks either EMQX 5's HTTP-auth hook shape
 * ({@code /api/v1/auth/emqx}: username, password, peerhost, cert_pem) or the wire contract of docs/authentication.md
 * ({@code /api/v1/auth/connect}), which needs the gateway to take the MQTT username and password apart itself.
 * Both read the username as {@code <deviceKey>&<productKey>} and the password as
 * {@code hmac-sha256:<timestamp>:<signature>}; a mutual-TLS client sends no password and its certificate is
 * forwarded instead. The last decision per client id is kept, so tests can see why a connection was refused.
 */
public final class RosterGatewayHook implements Predicate<MqttConnectAttempt> {

    public enum Endpoint { EMQX, CONNECT }

    /** Roster's answer ({@code status} 200) or the gateway's own refusal of credentials it cannot forward. */
    public record Decision(Endpoint endpoint, int status, String result, String reason) {

        public boolean allowed() {
            return status == 200 && "allow".equals(result);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String rosterBaseUrl;
    private final String gatewayToken;
    private final Map<String, Endpoint> endpointByListener;
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();

    /** @param endpointByListener which endpoint each broker listener's clients are checked with; EMQX otherwise */
    public RosterGatewayHook(String rosterBaseUrl, String gatewayToken, Map<String, Endpoint> endpointByListener) {
        this.rosterBaseUrl = rosterBaseUrl;
        this.gatewayToken = gatewayToken;
        this.endpointByListener = Map.copyOf(endpointByListener);
    }

    @Override
    public boolean test(MqttConnectAttempt attempt) {
        Endpoint endpoint = endpointByListener.getOrDefault(attempt.listener(), Endpoint.EMQX);
        Decision decision = endpoint == Endpoint.EMQX ? emqx(attempt) : connect(attempt);
        decisions.put(attempt.clientId(), decision);
        return decision.allowed();
    }

    /** Roster's last decision on a CONNECT of {@code clientId}. */
    public Optional<Decision> decision(String clientId) {
        return Optional.ofNullable(decisions.get(clientId));
    }

    private Decision emqx(MqttConnectAttempt attempt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientid", attempt.clientId());
        body.put("username", attempt.username());
        body.put("password", EmbeddedMqttBroker.text(attempt.password()));
        body.put("peerhost", attempt.peerHost());
        if (!attempt.clientCertificates().isEmpty()) {
            body.put("cert_pem", pem(attempt));
        }
        return post(Endpoint.EMQX, "/api/v1/auth/emqx", body);
    }

    private Decision connect(MqttConnectAttempt attempt) {
        String username = attempt.username();
        int amp = username == null ? -1 : username.indexOf('&');
        if (amp < 0) {
            return new Decision(Endpoint.CONNECT, 0, "deny", "MALFORMED_CREDENTIALS");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("productKey", username.substring(amp + 1));
        body.put("deviceKey", username.substring(0, amp));
        body.put("clientId", attempt.clientId());
        if (attempt.peerHost() != null) {
            body.put("peerAddress", attempt.peerHost());
        }
        if (!attempt.clientCertificates().isEmpty()) {
            body.put("timestamp", System.currentTimeMillis());
            body.put("certificatePem", pem(attempt));
        } else {
            String[] password = String.valueOf(EmbeddedMqttBroker.text(attempt.password())).split(":", -1);
            if (password.length != 3) {
                return new Decision(Endpoint.CONNECT, 0, "deny", "MALFORMED_CREDENTIALS");
            }
            try {
                body.put("timestamp", Long.parseLong(password[1]));
            } catch (NumberFormatException e) {
                return new Decision(Endpoint.CONNECT, 0, "deny", "MALFORMED_CREDENTIALS");
            }
            body.put("signMethod", password[0]);
            body.put("signature", password[2]);
        }
        return post(Endpoint.CONNECT, "/api/v1/auth/connect", body);
    }

    private Decision post(Endpoint endpoint, String path, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(rosterBaseUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + gatewayToken)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Decision(endpoint, response.statusCode(), answer.path("result").asText(null),
                    answer.path("reason").asText(answer.path("error").asText(null)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The chain as the TLS session presented it, leaf first, as PEM. */
    private static String pem(MqttConnectAttempt attempt) {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : attempt.clientCertificates()) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return pem.toString();
    }
}
