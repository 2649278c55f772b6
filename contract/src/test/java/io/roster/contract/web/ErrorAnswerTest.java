package io.roster.contract.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAnswerTest {

    @Test
    void aStatusShouldGetTheCodeTheHandlersUse() {
        assertThat(ErrorAnswer.of(400).error()).isEqualTo("MALFORMED_REQUEST");
        assertThat(ErrorAnswer.of(404).error()).isEqualTo("NOT_FOUND");
        assertThat(ErrorAnswer.of(406).error()).isEqualTo("NOT_ACCEPTABLE");
        assertThat(ErrorAnswer.of(415).error()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(ErrorAnswer.of(429).error()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(ErrorAnswer.of(500).error()).isEqualTo("INTERNAL_ERROR");
        assertThat(ErrorAnswer.of(503).error()).isEqualTo("SERVICE_UNAVAILABLE");
    }

    @Test
    void noErrorStatusShouldBeTheNotFoundOfAnEndpointNobodyServes() {
        assertThat(ErrorAnswer.of(200)).isEqualTo(ErrorAnswer.of(404));
        assertThat(ErrorAnswer.of(404).status()).isEqualTo(404);
    }

    @Test
    void theBodyShouldBeTheErrorShapeOnly() throws IOException {
        JsonNode body = new ObjectMapper().readTree(ErrorAnswer.of(413).json());

        assertThat(body.size()).isEqualTo(2);
        assertThat(body.path("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(body.path("message").asText()).isNotBlank();
    }

    @Test
    void aNotAcceptableMessageShouldNameWhatTheEndpointAnswersWhenKnown() {
        assertThat(ErrorAnswer.notAcceptable(new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON))))
                .isEqualTo("this endpoint answers application/json only");
        assertThat(ErrorAnswer.notAcceptable(new HttpMediaTypeNotAcceptableException("Could not parse 'Accept'")))
                .isEqualTo("the Accept header is not a valid list of media types");
    }
}
