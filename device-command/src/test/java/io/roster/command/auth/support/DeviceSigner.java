package io.roster.command.auth.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.command.auth.domain.signature.DeviceSignatures;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a device (through its gateway) sends to {@code /api/v1/auth/connect} and {@code /register} (docs/authentication.md). */
public final class DeviceSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String productKey;
    private final String deviceKey;

    public DeviceSigner(String productKey, String deviceKey) {
        this.productKey = productKey;
        this.deviceKey = deviceKey;
    }

    /** The connect body of a static device, or of a dynamic one after it was issued its DS. */
    public String connectJson(String deviceSecret, String clientId, long timestamp) {
        Map<String, Object> body = base(clientId, timestamp);
        body.put("signMethod", DeviceSignatures.SIGN_METHOD);
        body.put("signature", DeviceSignatures.connectSignature(deviceSecret, productKey, deviceKey, clientId, timestamp));
        return write(body);
    }

    /** The same, as forwarded by a gateway that reports the device's own address. */
    public String connectJson(String deviceSecret, String clientId, long timestamp, String peerAddress) {
        Map<String, Object> body = base(clientId, timestamp);
        body.put("signMethod", DeviceSignatures.SIGN_METHOD);
        body.put("signature", DeviceSignatures.connectSignature(deviceSecret, productKey, deviceKey, clientId, timestamp));
        body.put("peerAddress", peerAddress);
        return write(body);
    }

    /** The connect body of an X.509 device: the certificate (leaf first, optional chain) instead of a signature. */
    public String x509ConnectJson(String certificatePem, String clientId, long timestamp) {
        Map<String, Object> body = base(clientId, timestamp);
        body.put("certificatePem", certificatePem);
        return write(body);
    }

    /** The dynamic-registration body, signed with the product secret. */
    public String registerJson(String productSecret, String random, long timestamp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("productKey", productKey);
        body.put("deviceKey", deviceKey);
        body.put("random", random);
        body.put("timestamp", timestamp);
        body.put("signMethod", DeviceSignatures.SIGN_METHOD);
        body.put("signature", DeviceSignatures.registerSignature(productSecret, productKey, deviceKey, random, timestamp));
        return write(body);
    }

    private Map<String, Object> base(String clientId, long timestamp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("productKey", productKey);
        body.put("deviceKey", deviceKey);
        body.put("clientId", clientId);
        body.put("timestamp", timestamp);
        return body;
    }

    private static String write(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
