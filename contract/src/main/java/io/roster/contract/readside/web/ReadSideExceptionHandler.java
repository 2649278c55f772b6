package io.roster.contract.readside.web;

import io.roster.contract.readside.UnknownProductException;
import io.roster.contract.web.ErrorAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Maps Spring MVC's own failures, and a read side's {@link UnknownProductException}, to {@link ApiError} with
 * the right status; never a stack trace or a whitelabel page. Errors are always written as application/json, whatever the request's {@code Accept}: a
 * caller that accepts only {@code text/csv} still learns why it was refused. A service extends it with a {@code @RestControllerAdvice} that adds its domain
 * exceptions: within one advice Spring picks the closest matching handler, whereas with two separate
 * advices the catch-all below could win over a service's more specific handler.
 */
public abstract class ReadSideExceptionHandler {

    private final Logger log = LoggerFactory.getLogger(getClass());

    @ExceptionHandler(UnknownProductException.class)
    protected ResponseEntity<ApiError> unknownProduct(UnknownProductException e) {
        return error(HttpStatus.NOT_FOUND, "UNKNOWN_PRODUCT", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    protected ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type != null && type.isEnum()
                ? "one of: " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "))
                : "a valid " + (type == null ? "value" : type.getSimpleName());
        return invalid("parameter '" + e.getName() + "' must be " + expected);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    protected ResponseEntity<ApiError> outOfRange(HandlerMethodValidationException e) {
        String message = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(error -> "parameter '" + r.getMethodParameter().getParameterName() + "' "
                                + error.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        return invalid(message);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    protected ResponseEntity<ApiError> missing(MissingServletRequestParameterException e) {
        return invalid("parameter '" + e.getParameterName() + "' is required");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    protected ResponseEntity<ApiError> noEndpoint(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such endpoint");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    protected ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", ErrorAnswer.notAcceptable(e));
    }

    /** A body that is not JSON, sent even where none is read (actuator endpoints parse any JSON body they get). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    protected ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "the body is not valid JSON");
    }

    /** Spring MVC's own refusals (wrong method, media type, ...) keep their status; anything else is a 500. */
    @ExceptionHandler(Exception.class)
    protected ResponseEntity<ApiError> other(Exception e) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            HttpStatusCode status = response.getStatusCode();
            HttpStatus known = HttpStatus.resolve(status.value());
            String code = known == null ? "BAD_REQUEST" : known.name();
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError(code, response.getBody().getDetail()));
        }
        log.error("unexpected failure handling a request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "the request failed unexpectedly; it may be retried");
    }

    protected static ResponseEntity<ApiError> invalid(String message) {
        return error(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", message);
    }

    protected static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message));
    }
}
