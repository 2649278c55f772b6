package io.roster.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.roster.devstack.infra.SharedInfra;

/** A small JSON-over-HTTP client for the tests: real requests to the running service. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    /** A client calling as an operator, the role that may send commands. */
    Api(String base) {
        this(base, SharedInfra.tokens().mint("test-operator", List.of("operator"), Duration.ofHours(1)));
    }

    Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    Response post(String path, Object body) {
        return send("POST", path, body instanceof String s ? s : json(body), Map.of());
    }

    Response post(String path, Object body, Map<String, String> headers) {
        return send("POST", path, body instanceof String s ? s : json(body), headers);
    }

    Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Response send(String method, String path, String body, Map<String, String> headers) {
        return send(request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)), body != null, headers);
    }

    /** A JSON body of undeclared length: sent over HTTP/1.1 with chunked transfer coding, no Content-Length. */
    Response postChunked(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(request(path).version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))), true, Map.of());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    private Response send(HttpRequest.Builder request, boolean hasBody, Map<String, String> headers) {
        if (hasBody && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String createProduct(String protocol) {
        Response created = post("/api/v1/products", Map.of("name", "Meter", "protocol", protocol, "nodeType", "DIRECT"));
        if (created.status() != 201) {
            throw new IllegalStateException("product creation failed: " + created.body());
        }
        return created.text("productKey");
    }

    void grant(String productKey, int count) {
        Response granted = post("/api/v1/products/" + productKey + "/activation-codes", Map.of("count", count));
        if (granted.status() != 200) {
            throw new IllegalStateException("grant failed: " + granted.body());
        }
    }
}
