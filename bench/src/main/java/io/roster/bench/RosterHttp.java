package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The few calls the benchmark makes besides the adds (setting up products, reading device-query, the
 * actuators), over one HTTP/1.1 client whose connections are kept alive and reused. The adds themselves,
 * the load being measured, go through {@code AddLoad}'s far cheaper engine.
 */
public final class RosterHttp {

    /** A product's activation codes as device-query shows them. */
    public record Codes(long granted, long inUse, long available) {
    }

    private static final String JSON = "application/json";

    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Duration timeout;
    private final String authorization;

    /**
     * @param token bearer token sent with every call, or null to send none
     */
    public RosterHttp(Duration timeout, String token) {
        this.timeout = timeout;
        this.authorization = token == null ? null : "Bearer " + token;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Creates an MQTT direct-connection product and returns its key. */
    public String createProduct(String commandUrl, String name) {
        ObjectNode body = mapper.createObjectNode().put("name", name).put("protocol", "MQTT").put("nodeType", "DIRECT");
        HttpResponse<String> response = send(post(commandUrl + "/api/v1/products", body));
        expect(response, 201, "create product");
        return json(response.body()).path("productKey").asText();
    }

    /** Grants {@code count} activation codes and returns how many are available now. */
    public long grant(String commandUrl, String productKey, long count) {
        ObjectNode body = mapper.createObjectNode().put("count", count);
        HttpResponse<String> response = send(post(commandUrl + "/api/v1/products/" + productKey + "/activation-codes", body));
        expect(response, 200, "grant activation codes");
        return json(response.body()).path("available").asLong();
    }

    /** The product's codes as device-query shows them, or empty while it does not know the product yet. */
    public Optional<Codes> codes(String queryUrl, String productKey) {
        HttpResponse<String> response = send(get(queryUrl + "/api/v1/products/" + productKey));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read product from device-query");
        JsonNode codes = json(response.body()).path("codes");
        return Optional.of(new Codes(codes.path("granted").asLong(), codes.path("inUse").asLong(),
                codes.path("available").asLong()));
    }

    /**
     * How many MongoDB commands the service's driver has sent so far (Micrometer's
     * {@code mongodb.driver.commands} timer), in total and per command name; empty when the service has no
     * MongoDB client or does not expose the metric.
     */
    public Optional<MongoCommandCounts> mongoCommands(String serviceUrl) {
        String metric = serviceUrl + "/actuator/metrics/mongodb.driver.commands";
        HttpResponse<String> response;
        try {
            response = send(get(metric));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode root = json(response.body());
        long total = count(root);
        Map<String, Long> perCommand = new LinkedHashMap<>();
        for (JsonNode tag : root.path("availableTags")) {
            if (!tag.path("tag").asText().equals("command")) {
                continue;
            }
            for (JsonNode value : tag.path("values")) {
                String command = value.asText();
                HttpResponse<String> one = send(get(metric + "?tag=" + URLEncoder.encode("command:" + command, StandardCharsets.UTF_8)));
                if (one.statusCode() == 200) {
                    perCommand.put(command, count(json(one.body())));
                }
            }
        }
        return Optional.of(new MongoCommandCounts(total, perCommand));
    }

    /**
     * The {@code VALUE} of a Micrometer gauge from the service's {@code /actuator/metrics/NAME}, narrowed to
     * {@code tag} (such as {@code area:heap}; the values of all tagged series are summed, as the actuator does) when
     * it is not null; empty when the service does not have the metric.
     *
     * @throws IllegalStateException when the actuator refuses the call (a token without the operator role)
     */
    public OptionalDouble gauge(String serviceUrl, String name, String tag) {
        String url = serviceUrl + "/actuator/metrics/" + name
                + (tag == null ? "" : "?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(get(url));
        if (response.statusCode() == 404) {
            return OptionalDouble.empty();
        }
        expect(response, 200, "read " + name);
        for (JsonNode measurement : json(response.body()).path("measurements")) {
            if (measurement.path("statistic").asText().equals("VALUE")) {
                return OptionalDouble.of(measurement.path("value").asDouble());
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * The {@code COUNT} of a Micrometer counter from the service's {@code /actuator/metrics/NAME}; empty when the
     * service does not have it or refuses the call.
     */
    public OptionalDouble counter(String serviceUrl, String name) {
        HttpResponse<String> response = send(get(serviceUrl + "/actuator/metrics/" + name));
        if (response.statusCode() != 200) {
            return OptionalDouble.empty();
        }
        for (JsonNode measurement : json(response.body()).path("measurements")) {
            if (measurement.path("statistic").asText().equals("COUNT")) {
                return OptionalDouble.of(measurement.path("value").asDouble());
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * The details of one component of the service's {@code /actuator/health}; empty when the answer has none for it
     * (the details are shown only to a token with the operator or analyst role).
     */
    public Optional<JsonNode> healthDetails(String serviceUrl, String component) {
        HttpResponse<String> response = send(get(serviceUrl + "/actuator/health"));
        JsonNode details = json(response.body()).path("components").path(component).path("details");
        return details.isObject() ? Optional.of(details) : Optional.empty();
    }

    /**
     * Asks a read side (device-query, activation-ledger) to drop its projection and rebuild it from the start of the
     * topic ({@code POST /api/v1/admin/rebuild}); returns its status, REBUILDING once the projection was cleared and
     * the consumer rewound, REQUESTED when the consumer had not taken the request up within the service's wait.
     */
    public String rebuild(String readSideUrl) {
        HttpResponse<String> response = send(post(readSideUrl + "/api/v1/admin/rebuild", mapper.createObjectNode()));
        expect(response, 202, "rebuild the projection");
        return json(response.body()).path("status").asText();
    }

    /** A product's balance as activation-ledger counts it, or empty when the ledger does not know the product. */
    public Optional<JsonNode> balance(String ledgerUrl, String productKey) {
        HttpResponse<String> response = send(get(ledgerUrl + "/api/v1/products/" + productKey + "/balance"));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read the ledger's balance");
        return Optional.of(json(response.body()));
    }

    /** The {@code status} of the service's {@code /actuator/health}, or the failure. */
    public String health(String serviceUrl) {
        try {
            HttpResponse<String> response = send(get(serviceUrl + "/actuator/health"));
            return json(response.body()).path("status").asText("HTTP " + response.statusCode());
        } catch (RuntimeException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    /** A GET whose body is returned as it came, for tests that look inside responses. */
    public HttpResponse<String> get(String url, String accept) {
        return send(authorized(HttpRequest.newBuilder(URI.create(url))).timeout(timeout).header("Accept", accept).GET().build());
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public HttpClient client() {
        return client;
    }

    private static long count(JsonNode metric) {
        for (JsonNode measurement : metric.path("measurements")) {
            if (measurement.path("statistic").asText().equals("COUNT")) {
                return measurement.path("value").asLong();
            }
        }
        return 0;
    }

    private HttpRequest post(String url, JsonNode body) {
        return authorized(HttpRequest.newBuilder(URI.create(url))).timeout(timeout)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpRequest get(String url) {
        return authorized(HttpRequest.newBuilder(URI.create(url))).timeout(timeout).header("Accept", JSON).GET().build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private JsonNode json(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + abbreviate(body), e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            String hint = response.statusCode() == 401 ? " (pass an operator token with --token-file or ROSTER_TOKEN)"
                    : response.statusCode() == 403 ? " (the token needs the operator role"
                    + (response.request().uri().getPath().contains("/admin/") ? " or the analyst role)" : ")") : "";
            throw new IllegalStateException(what + ": " + response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " " + abbreviate(response.body()) + hint);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    /** Counts of MongoDB commands, from the driver's metrics. */
    public record MongoCommandCounts(long total, Map<String, Long> perCommand) {

        /** What happened between {@code before} and this reading. */
        public MongoCommandCounts minus(MongoCommandCounts before) {
            Map<String, Long> delta = new LinkedHashMap<>();
            perCommand.forEach((command, n) -> {
                long d = n - before.perCommand.getOrDefault(command, 0L);
                if (d != 0) {
                    delta.put(command, d);
                }
            });
            return new MongoCommandCounts(total - before.total, delta);
        }
    }
}
