package io.roster.contract.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The services' error shape ({@code {"error": CODE, "message": sentence}}) for a bare status: what the JSON
 * {@code /error} endpoint and Tomcat's error report answer when no handler of the service wrote a body. Always
 * JSON, whatever the request's {@code Accept}: an error is never worth a second failure.
 */
public record ErrorAnswer(int status, String error, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The answer for {@code status}; a status below 400 is reported as the 404 of a request no endpoint serves. */
    public static ErrorAnswer of(int status) {
        if (status >= 500) {
            HttpStatus known = HttpStatus.resolve(status);
            return new ErrorAnswer(status, status == 500 || known == null ? "INTERNAL_ERROR" : known.name(),
                    "the request failed unexpectedly; it may be retried");
        }
        return switch (status) {
            case 400 -> new ErrorAnswer(400, "MALFORMED_REQUEST", "the request's line, path or headers are malformed");
            case 401 -> new ErrorAnswer(401, "UNAUTHENTICATED", "a valid bearer token is required");
            case 403 -> new ErrorAnswer(403, "FORBIDDEN", "the caller's roles do not allow this call");
            case 405 -> new ErrorAnswer(405, "METHOD_NOT_ALLOWED", "the method is not supported here");
            case 406 -> new ErrorAnswer(406, "NOT_ACCEPTABLE", "none of the accepted media types can be answered here");
            case 413 -> new ErrorAnswer(413, "PAYLOAD_TOO_LARGE", "the request body is too large");
            case 415 -> new ErrorAnswer(415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield status < 400 || status == 404 || known == null
                        ? new ErrorAnswer(404, "NOT_FOUND", "no such endpoint")
                        : new ErrorAnswer(status, known.name(), known.getReasonPhrase().toLowerCase(Locale.ROOT));
            }
        };
    }

    /** The message of a 406: what the endpoint can answer, when Spring knows it (not for an unparsable Accept). */
    public static String notAcceptable(HttpMediaTypeNotAcceptableException e) {
        List<MediaType> supported = e.getSupportedMediaTypes();
        return supported.isEmpty() ? "the Accept header is not a valid list of media types"
                : "this endpoint answers " + supported.stream().map(MediaType::toString).distinct()
                        .collect(Collectors.joining(", ")) + " only";
    }

    /** The body, UTF-8 JSON. */
    public byte[] json() {
        try {
            return JSON.writeValueAsBytes(new Body(error, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error answer could not be written as JSON", e);
        }
    }

    /**
     * Sets the status and writes the body as application/json, replacing whatever the response held; a response
     * already committed keeps what it sent.
     */
    public void write(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = json();
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private record Body(String error, String message) {
    }
}
