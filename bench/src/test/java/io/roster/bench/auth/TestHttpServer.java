package io.roster.bench.auth;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny HTTP/1.1 server for the load engine's tests, a thread per connection, framing its answers as a test asks:
 * the engine must cope with each framing a real server may choose, which {@code com.sun.net.httpserver} cannot all
 * produce (a body ended by closing the connection). {@code GET /allow} and {@code GET /deny} answer like
 * {@code /api/v1/auth/connect}; any other path answers like {@code /api/v1/ping}.
 */
final class TestHttpServer implements AutoCloseable {

    enum Framing {
        CONTENT_LENGTH, CHUNKED, CONTENT_LENGTH_THEN_CLOSE, BODY_UNTIL_CLOSE;

        boolean closes() {
            return this == CONTENT_LENGTH_THEN_CLOSE || this == BODY_UNTIL_CLOSE;
        }
    }

    static final String ALLOW = "{\"result\":\"allow\",\"deviceKey\":\"d1\"}";
    static final String DENY = "{\"result\":\"deny\",\"reason\":\"REPLAYED\"}";
    static final String PING = "{\"status\":\"ok\"}";

    private final ServerSocket server;
    private final Framing framing;
    private final long delayMillis;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    /** @param delayMillis how long the server takes over each answer */
    TestHttpServer(Framing framing, long delayMillis) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.framing = framing;
        this.delayMillis = delayMillis;
        daemon(this::accept, "test-http-accept");
    }

    int port() {
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
                int contentLength = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(header.substring(15).trim());
                    }
                }
                in.readNBytes(contentLength);
                String path = requestLine.split(" ")[1];
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                answer(out, path.equals("/allow") ? ALLOW : path.equals("/deny") ? DENY : PING);
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
    private void answer(OutputStream out, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
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
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
