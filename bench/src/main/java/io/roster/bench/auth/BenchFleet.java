package io.roster.bench.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The devices the benchmark authenticates: one MQTT product with {@code count} static devices, added through the
 * operator API, each activated by one connection so that the measured decisions are the read-only hot path.
 */
final class BenchFleet {

    /** A static device and its DS. */
    record Device(String deviceKey, String deviceSecret) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String productKey;
    private final List<Device> devices;

    private BenchFleet(String productKey, List<Device> devices) {
        this.productKey = productKey;
        this.devices = devices;
    }

    String productKey() {
        return productKey;
    }

    List<Device> devices() {
        return devices;
    }

    static BenchFleet create(String commandUrl, String operatorToken, String runId, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode product = post(http, commandUrl + "/api/v1/products", operatorToken,
                "{\"name\":\"auth bench " + runId + "\",\"protocol\":\"MQTT\",\"nodeType\":\"DIRECT\"}", 201);
        String productKey = product.path("productKey").asText();
        post(http, commandUrl + "/api/v1/products/" + productKey + "/activation-codes", operatorToken,
                "{\"count\":" + count + "}", 200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Device>> added = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String deviceKey = "bench-" + runId + "-" + i;
                added.add(pool.submit(() -> {
                    JsonNode device = post(http, commandUrl + "/api/v1/products/" + productKey + "/devices", operatorToken,
                            "{\"deviceKey\":\"" + deviceKey + "\",\"authType\":\"STATIC\"}", 201);
                    return new Device(deviceKey, device.path("deviceSecret").asText());
                }));
            }
            List<Device> devices = new ArrayList<>();
            for (Future<Device> device : added) {
                devices.add(device.get());
            }
            return new BenchFleet(productKey, List.copyOf(devices));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The connect body (docs/authentication.md) of {@code device}, signed for {@code clientId} at {@code timestamp}. */
    String connectJson(Device device, String clientId, long timestamp) {
        return connectJson(productKey, device.deviceKey(), device.deviceSecret(), clientId, timestamp, null);
    }

    /**
     * A connect body signed with {@code deviceSecret} for {@code clientId} at {@code timestamp}; with the device's
     * {@code peerAddress} as its gateway reports it, or none when {@code null}.
     */
    static String connectJson(String productKey, String deviceKey, String deviceSecret, String clientId, long timestamp,
                              String peerAddress) {
        String signature = sign(deviceSecret, productKey + "\n" + deviceKey + "\n" + clientId + "\n" + timestamp);
        return "{\"productKey\":\"" + productKey + "\",\"deviceKey\":\"" + deviceKey + "\",\"clientId\":\""
                + clientId + "\",\"timestamp\":" + timestamp + ",\"signMethod\":\"hmac-sha256\",\"signature\":\""
                + signature + "\"" + (peerAddress == null ? "" : ",\"peerAddress\":\"" + peerAddress + "\"") + "}";
    }

    private static String sign(String deviceSecret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(deviceSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a JSON body with a bearer token and expects {@code expected}; the answer's JSON. */
    static JsonNode post(HttpClient http, String url, String token, String body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return JSON.readTree(response.body());
    }
}
