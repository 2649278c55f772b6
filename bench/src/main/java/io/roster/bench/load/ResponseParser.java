package io.roster.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses one HTTP/1.1 response at a time, in place, from whatever bytes a read brought: it consumes every complete
 * line of the head and of the chunked framing and any body bytes, and leaves an incomplete line for the next read.
 * A response split across reads therefore costs nothing extra, and nothing is allocated per response.
 *
 * <p>It keeps what the classifiers need: the status, whether the server ends the connection, and the first
 * {@value #BODY_KEPT} bytes of the body (the answers measured are far shorter), copied into a reusable array and
 * decoded to a String only when a classifier asks for it. Bodies end by Content-Length, by chunked encoding or, with
 * neither, by the server closing the connection. The engine never sends HEAD, so a Content-Length always has a body.
 */
final class ResponseParser implements LoadRun.Response {

    static final int BODY_KEPT = 1024;

    private enum State { STATUS_LINE, HEADER, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, BODY_TO_EOF, DONE }

    private static final byte[] HTTP_11 = ascii("HTTP/1.1 ");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");

    private final byte[] body = new byte[BODY_KEPT];
    private int bodyLength;
    private State state = State.DONE;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private long remaining;

    /** Prepares for the answer to the request just sent. */
    void reset() {
        state = State.STATUS_LINE;
        status = 0;
        contentLength = -1;
        chunked = false;
        close = false;
        bodyLength = 0;
    }

    /**
     * Consumes a prefix of {@code bytes[from, to)}: the whole of it, or up to the response's end, or up to a line not
     * yet complete.
     *
     * @return the index after the last byte consumed
     * @throws IOException if the bytes are not an HTTP/1.1 response
     */
    int parse(byte[] bytes, int from, int to) throws IOException {
        int p = from;
        while (p < to && state != State.DONE) {
            switch (state) {
                case FIXED_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, to - p);
                    keep(bytes, p, n);
                    p += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED_BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                case BODY_TO_EOF -> {
                    keep(bytes, p, to - p);
                    p = to;
                }
                default -> {
                    int lf = indexOf(bytes, p, to, (byte) '\n');
                    if (lf < 0) {
                        return p;
                    }
                    line(bytes, p, lf > p && bytes[lf - 1] == '\r' ? lf - 1 : lf);
                    p = lf + 1;
                }
            }
        }
        return p;
    }

    /** The server closed the connection: that ends a body without length, and is an error anywhere else. */
    void endOfStream() throws EOFException {
        if (state != State.BODY_TO_EOF) {
            throw new EOFException("the server closed the connection before the end of a response");
        }
        state = State.DONE;
    }

    boolean complete() {
        return state == State.DONE;
    }

    /** Whether the server ends the connection after this response. */
    boolean closes() {
        return close;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String body() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    private void line(byte[] b, int start, int end) throws IOException {
        switch (state) {
            case STATUS_LINE -> statusLine(b, start, end);
            case HEADER -> {
                if (start == end) {
                    endOfHead();
                } else {
                    header(b, start, end);
                }
            }
            case CHUNK_SIZE -> {
                remaining = chunkSize(b, start, end);
                state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (start != end) {
                    throw new IOException("chunk data longer than its size");
                }
                state = State.CHUNK_SIZE;
            }
            default -> { // TRAILER: trailer fields are not used by the endpoints measured
                if (start == end) {
                    state = State.DONE;
                }
            }
        }
    }

    private void statusLine(byte[] b, int start, int end) throws IOException {
        if (end - start < 12 || !startsWith(b, start, HTTP_11) || !digit(b[start + 9]) || !digit(b[start + 10])
                || !digit(b[start + 11])) {
            throw new IOException("not an HTTP/1.1 status line: " + new String(b, start, end - start, StandardCharsets.ISO_8859_1));
        }
        status = (b[start + 9] - '0') * 100 + (b[start + 10] - '0') * 10 + (b[start + 11] - '0');
        state = State.HEADER;
    }

    private void header(byte[] b, int start, int end) throws IOException {
        int colon = indexOf(b, start, end, (byte) ':');
        if (colon < 0) {
            throw new IOException("not a header line: " + new String(b, start, end - start, StandardCharsets.ISO_8859_1));
        }
        int valueStart = colon + 1;
        while (valueStart < end && (b[valueStart] == ' ' || b[valueStart] == '\t')) {
            valueStart++;
        }
        int valueEnd = end;
        while (valueEnd > valueStart && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        if (nameIs(b, start, colon, CONTENT_LENGTH)) {
            contentLength = decimal(b, valueStart, valueEnd);
        } else if (nameIs(b, start, colon, TRANSFER_ENCODING)) {
            chunked = contains(b, valueStart, valueEnd, CHUNKED);
        } else if (nameIs(b, start, colon, CONNECTION)) {
            close = contains(b, valueStart, valueEnd, CLOSE);
        }
    }

    private void endOfHead() {
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.FIXED_BODY;
        } else {
            close = true;
            state = State.BODY_TO_EOF;
        }
    }

    private void keep(byte[] b, int from, int length) {
        int kept = Math.min(length, body.length - bodyLength);
        System.arraycopy(b, from, body, bodyLength, kept);
        bodyLength += kept;
    }

    private static long chunkSize(byte[] b, int start, int end) throws IOException {
        long size = 0;
        int p = start;
        for (; p < end && b[p] != ';' && b[p] != ' ' && b[p] != '\t'; p++) {
            int digit = Character.digit(b[p], 16);
            if (digit < 0 || size > Integer.MAX_VALUE) {
                throw new IOException("not a chunk size: " + new String(b, start, end - start, StandardCharsets.ISO_8859_1));
            }
            size = size * 16 + digit;
        }
        if (p == start) {
            throw new IOException("empty chunk size line");
        }
        return size;
    }

    private static long decimal(byte[] b, int start, int end) throws IOException {
        if (start == end || end - start > 18) {
            throw new IOException("not a Content-Length: " + new String(b, start, end - start, StandardCharsets.ISO_8859_1));
        }
        long value = 0;
        for (int p = start; p < end; p++) {
            if (!digit(b[p])) {
                throw new IOException("not a Content-Length: " + new String(b, start, end - start, StandardCharsets.ISO_8859_1));
            }
            value = value * 10 + (b[p] - '0');
        }
        return value;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Header names are letters and dashes, so setting bit 0x20 lower-cases them and leaves '-' as it is. */
    private static boolean nameIs(byte[] b, int start, int end, byte[] lowerCaseName) {
        if (end - start != lowerCaseName.length) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length; i++) {
            if ((b[start + i] | 0x20) != lowerCaseName[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the lower-case letters {@code token} occur in {@code b[start, end)}, ignoring case. */
    private static boolean contains(byte[] b, int start, int end, byte[] token) {
        for (int p = start; p + token.length <= end; p++) {
            if (nameIs(b, p, p + token.length, token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] b, int start, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int p = from; p < to; p++) {
            if (b[p] == value) {
                return p;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
