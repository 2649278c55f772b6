package io.roster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON over HTTP against the running stack, as any client of the published API would talk to it: with a
 * bearer token (the stack's operator token unless told otherwise).
 */
final class StackClient {

    /** An answer: status, the body as it came, and the body parsed (a missing node when it was not JSON). */
    record Reply(int status, String body, JsonNode json) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String authorization;

    StackClient(String token) {
        this.authorization = "Bearer " + token;
    }

    /** Creates a product of this name on device-command at {@code commandUrl}; its key. */
    String createProduct(String commandUrl, String name, String protocol) {
        Reply created = post(commandUrl + "/api/v1/products", Map.of("name", name, "protocol", protocol, "nodeType", "DIRECT"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("productKey").asText();
    }

    /** Grants the product {@code count} activation codes. */
    void grant(String commandUrl, String productKey, int count) {
        Reply granted = post(commandUrl + "/api/v1/products/" + productKey + "/activation-codes", Map.of("count", count));
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    }

    Reply get(String url) {
        return join(getAsync(url));
    }

    Reply post(String url, Object body) {
        return join(postAsync(url, body));
    }

    Reply delete(String url) {
        return send(authorized(url).DELETE().build());
    }

    CompletableFuture<Reply> postAsync(String url, Object body) {
        HttpRequest request = authorized(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::reply);
    }

    private CompletableFuture<Reply> getAsync(String url) {
        HttpRequest request = authorized(url).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::reply);
    }

    private HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Authorization", authorization);
    }

    private Reply send(HttpRequest request) {
        return join(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::reply));
    }

    private Reply reply(HttpResponse<String> response) {
        JsonNode json;
        try {
            json = response.body().isEmpty() ? mapper.missingNode() : mapper.readTree(response.body());
        } catch (IOException notJson) {
            json = mapper.missingNode();
        }
        return new Reply(response.statusCode(), response.body(), json);
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply join(CompletableFuture<Reply> reply) {
        return reply.orTimeout(TIMEOUT.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS).join();
    }
}
