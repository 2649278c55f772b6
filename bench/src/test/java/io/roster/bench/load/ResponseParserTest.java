package io.roster.bench.load;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseParserTest {

    private static final String CONTENT_LENGTH = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCONTENT-length:  18 \r\n"
            + "Connection: keep-alive\r\n\r\n{\"result\":\"allow\"}";
    private static final String CHUNKED = "HTTP/1.1 403 Forbidden\r\ntransfer-encoding: Chunked\r\nConnection: Close\r\n\r\n"
            + "a;name=value\r\n{\"result\":\r\n1E\r\n\"deny\",\"reason\":\"REPLAYED\"}   \r\n0\r\nX-Trailer: t\r\n\r\n";

    @Test
    void shouldParseAContentLengthResponseHoweverItIsSplit() throws IOException {
        for (int cut = 0; cut <= CONTENT_LENGTH.length(); cut++) {
            ResponseParser parser = feed(CONTENT_LENGTH, cut);

            assertThat(parser.complete()).as("cut at %d", cut).isTrue();
            assertThat(parser.status()).isEqualTo(200);
            assertThat(parser.body()).isEqualTo("{\"result\":\"allow\"}");
            assertThat(parser.closes()).isFalse();
        }
    }

    @Test
    void shouldParseAChunkedResponseHoweverItIsSplit() throws IOException {
        for (int cut = 0; cut <= CHUNKED.length(); cut++) {
            ResponseParser parser = feed(CHUNKED, cut);

            assertThat(parser.complete()).as("cut at %d", cut).isTrue();
            assertThat(parser.status()).isEqualTo(403);
            assertThat(parser.body()).isEqualTo("{\"result\":\"deny\",\"reason\":\"REPLAYED\"}   ");
            assertThat(parser.closes()).isTrue();
        }
    }

    @Test
    void shouldParseAResponseArrivingByteByByte() throws IOException {
        ResponseParser parser = new ResponseParser();
        parser.reset();
        byte[] buffer = new byte[64];
        int buffered = 0;
        for (byte b : CHUNKED.getBytes(StandardCharsets.US_ASCII)) {
            assertThat(parser.complete()).isFalse();
            buffer[buffered++] = b;
            int parsed = parser.parse(buffer, 0, buffered);
            System.arraycopy(buffer, parsed, buffer, 0, buffered - parsed);
            buffered -= parsed;
        }
        assertThat(parser.complete()).isTrue();
        assertThat(buffered).isZero();
        assertThat(parser.body()).startsWith("{\"result\":\"deny\"");
    }

    @Test
    void aBodyWithoutLengthShouldEndWhenTheServerCloses() throws IOException {
        ResponseParser parser = feed("HTTP/1.1 200 OK\r\n\r\n{\"status\":\"ok\"}", 25);
        assertThat(parser.complete()).isFalse();

        parser.endOfStream();

        assertThat(parser.complete()).isTrue();
        assertThat(parser.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(parser.closes()).isTrue();
    }

    @Test
    void aResponseCutShortByTheServerShouldBeAnError() throws IOException {
        ResponseParser parser = feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"st", 0);

        assertThat(parser.complete()).isFalse();
        assertThatThrownBy(parser::endOfStream).isInstanceOf(EOFException.class);
    }

    @Test
    void noContentShouldHaveNoBody() throws IOException {
        String noContent = "HTTP/1.1 204 No Content\r\nDate: today\r\n\r\n";
        ResponseParser parser = new ResponseParser();
        parser.reset();
        byte[] bytes = (noContent + "HTTP/1.1 200 OK").getBytes(StandardCharsets.US_ASCII);

        assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(noContent.length());
        assertThat(parser.complete()).isTrue();
        assertThat(parser.status()).isEqualTo(204);
        assertThat(parser.body()).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheStartOfALongBody() throws IOException {
        String body = "x".repeat(ResponseParser.BODY_KEPT + 500);
        ResponseParser parser = feed("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, 40);

        assertThat(parser.complete()).isTrue();
        assertThat(parser.body()).hasSize(ResponseParser.BODY_KEPT);
    }

    @Test
    void shouldRejectWhatIsNotAnHttp11Response() {
        assertThatThrownBy(() -> feed("SSH-2.0-OpenSSH_9.2\r\n\r\n", 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("status line");
        assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0))
                .isInstanceOf(IOException.class).hasMessageContaining("chunk size");
    }

    @Test
    void resetShouldPrepareForTheNextResponseOnTheConnection() throws IOException {
        ResponseParser parser = feed(CHUNKED, 0);
        parser.reset();
        byte[] next = CONTENT_LENGTH.getBytes(StandardCharsets.US_ASCII);

        parser.parse(next, 0, next.length);

        assertThat(parser.complete()).isTrue();
        assertThat(parser.status()).isEqualTo(200);
        assertThat(parser.body()).isEqualTo("{\"result\":\"allow\"}");
        assertThat(parser.closes()).isFalse();
    }

    /**
     * Feeds {@code response} as two reads split at {@code cut}, keeping what the parser leaves, as the engine does.
     */
    private static ResponseParser feed(String response, int cut) throws IOException {
        byte[] all = response.getBytes(StandardCharsets.US_ASCII);
        ResponseParser parser = new ResponseParser();
        parser.reset();
        int parsed = parser.parse(all, 0, Math.min(cut, all.length));
        byte[] rest = Arrays.copyOfRange(all, parsed, all.length);
        assertThat(parser.parse(rest, 0, rest.length)).isEqualTo(rest.length);
        return parser;
    }
}
