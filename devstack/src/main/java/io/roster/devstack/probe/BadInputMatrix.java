package io.roster.devstack.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Sends a seeded random matrix of requests a service does not serve (methods, content types, Accept headers,
 * bodies, query strings, with and without a token) to each of its paths, and reports every answer that is a 5xx or
 * a 4xx without a JSON error ({@code {"error": ..., "message": ...}}). Requests go over a raw socket, so paths with
 * {@code %2F}, {@code %zz} or {@code %00} and made-up methods reach the server as written. Every violation names the
 * seed; {@code -Droster.matrix.seed=<seed>} replays the same matrix.
 */
public final class BadInputMatrix {

    /** One request: what it sends and which token (by name) it carries. */
    public record Probe(String method, String target, String contentType, String accept, String bodyName, byte[] body,
                        String tokenName, String token) {

        @Override
        public String toString() {
            return method + " " + target + " [Content-Type: " + contentType + ", Accept: " + accept + ", body: "
                    + bodyName + ", token: " + tokenName + "]";
        }
    }

    /** An answer: status, Content-Type (null when none) and body. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD",
            "BREW");
    private static final List<String> CONTENT_TYPES = List.of("", "application/json",
            "multipart/form-data; boundary=matrix", "application/x-www-form-urlencoded", "text/plain",
            "application/xml", "no/such;;type", "application/json; charset=no-such-charset");
    private static final List<String> ACCEPTS = List.of("", "application/json", "*/*", "text/csv", "application/xml",
            "image/png", "not a media type");
    private static final List<String> QUERIES = List.of("", "?unknown=1", "?page=-1&size=abc&limit=x", "?status=NOPE",
            "?%zz=1", "?a=%00&b=%E0%A4", "?from=yesterday&to=", "?page=99999999999999999999");
    /** Paths that Tomcat or Spring Security reject before any controller, under every service's API prefix. */
    private static final List<String> MALFORMED_PATHS = List.of("/api/v1/products/a%2Fb", "/api/v1/products/%zz",
            "/api/v1/products/a%00b", "/api/v1/products/a;b/devices", "/api/v1//products", "/api/v1/%2e%2e/x",
            "/api/v1/products/%E0%A4", "/error", "/", "/api/v1/no-such-endpoint");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long seed;
    private final Random random;
    private final Map<String, String> tokens;
    private final List<String> tokenNames;
    private final List<Map.Entry<String, byte[]>> bodies;

    /**
     * @param tokens the bearer tokens to send, by name for the report; a null value sends no Authorization header
     */
    public BadInputMatrix(long seed, Map<String, String> tokens) {
        this.seed = seed;
        this.random = new Random(seed);
        this.tokens = tokens;
        this.tokenNames = tokens.keySet().stream().sorted().toList();
        this.bodies = bodies(random);
    }

    /** The seed of {@code -Droster.matrix.seed}, else a new one. */
    public static long seed() {
        String given = System.getProperty("roster.matrix.seed");
        return given == null || given.isBlank() ? new Random().nextLong() : Long.parseLong(given.strip());
    }

    public long seedUsed() {
        return seed;
    }

    /**
     * {@code perPath} requests to each path, then every malformed path with each token. Each path sees every content
     * type and every Accept header once {@code perPath} reaches their number; the rest is drawn at random.
     */
    public List<Probe> probes(List<String> paths, int perPath) {
        List<Probe> probes = new ArrayList<>();
        for (String path : paths) {
            int offset = random.nextInt(ACCEPTS.size());
            for (int i = 0; i < perPath; i++) {
                String contentType = CONTENT_TYPES.get(i % CONTENT_TYPES.size());
                String accept = ACCEPTS.get((i + offset) % ACCEPTS.size());
                probes.add(probe(pick(METHODS), path + pick(QUERIES), contentType, accept));
            }
        }
        for (String path : MALFORMED_PATHS) {
            for (String name : tokenNames) {
                probes.add(new Probe(pick(METHODS), path, pick(CONTENT_TYPES), pick(ACCEPTS), "empty", new byte[0],
                        name, tokens.get(name)));
            }
        }
        return probes;
    }

    private Probe probe(String method, String target, String contentType, String accept) {
        Map.Entry<String, byte[]> body = pick(bodies);
        String tokenName = pick(tokenNames);
        return new Probe(method, target, contentType, accept, body.getKey(), body.getValue(), tokenName,
                tokens.get(tokenName));
    }

    /** Every answer that is a 5xx or a 4xx without the JSON error shape, each with the seed; empty when none. */
    public List<String> violations(String host, int port, List<Probe> probes) {
        List<String> violations = new ArrayList<>();
        for (Probe probe : probes) {
            Answer answer;
            try {
                answer = send(host, port, probe);
            } catch (IOException e) {
                violations.add(report(probe, "failed: " + e));
                continue;
            }
            String problem = problem(probe, answer);
            if (problem != null) {
                violations.add(report(probe, problem));
            }
        }
        return violations;
    }

    private String report(Probe probe, String problem) {
        return probe + " " + problem + " (seed " + seed + ", replay with -Droster.matrix.seed=" + seed + ")";
    }

    /** What is wrong with an answer; null when nothing. A HEAD answer has no body to check. */
    private static String problem(Probe probe, Answer answer) {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (answer.status() >= 500 || answer.status() < 100) {
            return "answered " + answer.status() + ": " + abbreviate(body);
        }
        if (answer.status() < 400 || probe.method().equals("HEAD")) {
            return null;
        }
        if (answer.contentType() == null
                || !answer.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "answered " + answer.status() + " as " + answer.contentType() + ": " + abbreviate(body);
        }
        try {
            JsonNode json = JSON.readTree(answer.body());
            if (json == null || !json.path("error").isTextual() || !json.path("message").isTextual()) {
                return "answered " + answer.status() + " without the error shape: " + abbreviate(body);
            }
        } catch (IOException e) {
            return "answered " + answer.status() + " with a body that is not JSON: " + abbreviate(body);
        }
        return null;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** One HTTP/1.1 request on its own connection, read to the end. */
    public static Answer send(String host, int port, Probe probe) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder()
                    .append(probe.method()).append(' ').append(probe.target()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append("\r\nConnection: close\r\n");
            if (!probe.contentType().isEmpty()) {
                head.append("Content-Type: ").append(probe.contentType()).append("\r\n");
            }
            if (!probe.accept().isEmpty()) {
                head.append("Accept: ").append(probe.accept()).append("\r\n");
            }
            if (probe.token() != null) {
                head.append("Authorization: Bearer ").append(probe.token()).append("\r\n");
            }
            if (probe.body().length > 0 || !probe.method().equals("GET") && !probe.method().equals("HEAD")) {
                head.append("Content-Length: ").append(probe.body().length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(probe.body());
            out.flush();
            return read(socket.getInputStream(), probe.method().equals("HEAD"));
        }
    }

    private static Answer read(InputStream in, boolean head) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP/1.1 response: " + abbreviate(text));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String contentType = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].substring(0, Math.max(0, lines[i].indexOf(':'))).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(lines[i].indexOf(':') + 1).strip();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        return new Answer(status, contentType, head ? new byte[0] : chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(chunked, at);
            if (lineEnd < 0) {
                throw new IOException("a chunked body ended early");
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int length = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Bodies no endpoint serves: JSON of the wrong shape, broken or deep JSON, form data that cannot be decoded. */
    private static List<Map.Entry<String, byte[]>> bodies(Random random) {
        byte[] binary = new byte[512];
        random.nextBytes(binary);
        StringBuilder large = new StringBuilder("[");
        for (int i = 0; i < 4_000; i++) {
            large.append(i == 0 ? "" : ",").append("\"matrix-").append(i).append('"');
        }
        large.append(']');
        return List.of(
                Map.entry("empty", new byte[0]),
                Map.entry("json of the wrong shape", utf8("{\"name\":\"\",\"count\":-1,\"deviceKey\":\"\","
                        + "\"authType\":\"NOPE\",\"protocol\":\"NOPE\",\"unknown\":true}")),
                Map.entry("empty json object", utf8("{}")),
                Map.entry("invalid json", utf8("{\"name\": \"unterminated")),
                Map.entry("large json", utf8(large.toString())),
                Map.entry("binary", binary),
                Map.entry("deep nesting", utf8("[".repeat(5_000) + "]".repeat(5_000))),
                Map.entry("undecodable form", utf8("a=%zz&%E0%A4=%&b=%00")),
                Map.entry("multipart", utf8("--matrix\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n"
                        + "--matrix--\r\n")));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
