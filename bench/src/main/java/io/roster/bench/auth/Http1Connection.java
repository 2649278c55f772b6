package io.roster.bench.auth;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection doing one exchange at a time with pre-built request bytes. The load generator
 * shares two cores with the server, so it does as little per request as it can: no header objects, no URI parsing,
 * just write the bytes and read status, headers and a (Content-Length or chunked) body. When the server ends the
 * connection after a response ({@code Connection: close}; Tomcat does so after {@code max-keep-alive-requests}), the
 * next exchange opens a new one, and {@link #reconnects()} counts it.
 */
final class Http1Connection implements AutoCloseable {

    /** The status and body of one response. */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long reconnects;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private final StringBuilder line = new StringBuilder(128);

    Http1Connection(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        open();
    }

    /** How many times the server closed the connection and a new one was opened. */
    long reconnects() {
        return reconnects;
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    /** A request with a body, as bytes ready to write on a connection to {@code host:port}. */
    static byte[] request(String method, String hostPort, String path, String bearer, String jsonBody) {
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

    Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            open();
            reconnects++;
        }
        out.write(request);
        out.flush();
        String statusLine = readLine();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("unexpected status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        body.reset();
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size);
                readLine();
            }
            for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                // trailers are not used by the endpoints measured
            }
        } else if (contentLength > 0) {
            copy(contentLength);
        }
        if (close) {
            socket.close();
            socket = null;
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8));
    }

    private long chunkSize() throws IOException {
        String size = readLine();
        int extension = size.indexOf(';');
        return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private void copy(long length) throws IOException {
        for (long i = 0; i < length; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in a response body");
            }
            body.write(b);
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}
