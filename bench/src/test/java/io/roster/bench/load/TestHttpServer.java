package io.roster.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A tiny HTTP/1.1 server for the load tests, a thread per connection, framing its answers as a test asks: the engine
 * must cope with each framing a real server may choose, which {@code com.sun.net.httpserver} cannot all produce (a
 * body ended by closing the connection). By default {@code GET /allow} and {@code GET /deny} answer like
 * {@code /api/v1/auth/connect} and any other path like {@code /api/v1/ping}; a {@link Handler} answers as a test
 * needs instead, or not at all, like a server that stopped answering.
 */
public final class TestHttpServer implements AutoCloseable {

    public enum Framing {
        CONTENT_LENGTH, CHUNKED, CONTENT_LENGTH_THEN_CLOSE, BODY_UNTIL_CLOSE;

        public boolean closes() {
            return this == CONTENT_LENGTH_THEN_CLOSE || this == BODY_UNTIL_CLOSE;
        }
    }

    /** A request as the server read it, header names in lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
    }

    /** An answer: its status and its JSON body. */
    public record Answer(int status, String body) {
    }

    /** Answers a request; called on the connection's thread. */
    public interface Handler {

        /** The answer, or {@code null} to leave the request unanswered until the server closes. */
        Answer answer(Request request);
    }

    private static final Answer ALLOW = new Answer(200, "{\"result\":\"allow\",\"deviceKey\":\"d1\"}");
    private static final Answer DENY = new Answer(200, "{\"result\":\"deny\",\"reason\":\"REPLAYED\"}");
    private static final Answer PING = new Answer(200, "{\"status\":\"ok\"}");

    private final ServerSocket server;
    private final Framing framing;
    private final long delayMillis;
    private final Handler handler;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);

    /** @param delayMillis how long the server takes over each answer */
    public TestHttpServer(Framing framing, long delayMillis) throws IOException {
        this(framing, delayMillis, request -> request.path().equals("/allow") ? ALLOW
                : request.path().equals("/deny") ? DENY : PING);
    }

    /** @param delayMillis how long the server takes over each answer */
    public TestHttpServer(Framing framing, long delayMillis, Handler handler) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.framing = framing;
        this.delayMillis = delayMillis;
        this.handler = handler;
        daemon(this::accept, "test-http-accept");
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                daemon(() -> serve(socket), "test-http-" + socket.getPort());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            for (String requestLine = line(in); requestLine != null; requestLine = line(in)) {
                Map<String, String> headers = new HashMap<>();
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
                int contentLength = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                String body = new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
                String[] parts = requestLine.split(" ");
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                Answer answer = handler.answer(new Request(parts[0], parts[1], headers, body));
                if (answer == null) {
                    closed.await();
                    return;
                }
                answer(out, answer);
                if (framing.closes()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        } finally {
            sockets.remove(socket);
        }
    }

    /** Writes the head and the body (each chunk) separately, so the client also sees answers split across reads. */
    private void answer(OutputStream out, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + answer.status() + " " + reason(answer.status()) + "\r\nContent-Type: application/json\r\n";
        switch (framing) {
            case CONTENT_LENGTH -> write(out, head + "Content-Length: " + bytes.length + "\r\n\r\n", bytes);
            case CONTENT_LENGTH_THEN_CLOSE -> write(out, head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n", bytes);
            case BODY_UNTIL_CLOSE -> write(out, head + "Connection: close\r\n\r\n", bytes);
            case CHUNKED -> {
                write(out, head + "Transfer-Encoding: chunked\r\n\r\n", new byte[0]);
                for (int from = 0; from < bytes.length; from += 10) {
                    int length = Math.min(10, bytes.length - from);
                    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                    chunk.write((Integer.toHexString(length) + (from == 0 ? ";part=first" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    chunk.write(bytes, from, length);
                    chunk.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    write(out, "", chunk.toByteArray());
                }
                write(out, "0\r\nX-Trailer: done\r\n\r\n", new byte[0]);
            }
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 409 -> "Conflict";
            default -> "Status";
        };
    }

    private static void write(OutputStream out, String ascii, byte[] bytes) throws IOException {
        out.write(ascii.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** A line without its CRLF, or {@code null} at end of stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
