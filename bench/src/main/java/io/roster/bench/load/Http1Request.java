package io.roster.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * Builds HTTP/1.1 requests as bytes, before a run or as it asks for them, so that sending one costs a copy and a
 * write: the load generator shares the cores with the server it measures, and every microsecond it spends is one the
 * server does not get.
 */
public final class Http1Request {

    private Http1Request() {
    }

    /** A keep-alive request to {@code hostPort}, with a bearer token and a JSON body when they are not {@code null}. */
    public static byte[] of(String method, String hostPort, String path, String bearer, String jsonBody) {
        StringBuilder head = new StringBuilder(1024).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostPort).append("\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        byte[] payload = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + payload.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(payload, 0, all, headBytes.length, payload.length);
        return all;
    }
}
