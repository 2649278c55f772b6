package io.roster.command.web;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.roster.command.auth.application.CaCertificates;
import io.roster.command.lifecycle.application.IdempotencyLeaseLostException;
import io.roster.command.lifecycle.domain.AlreadyRegisteredException;
import io.roster.command.lifecycle.domain.CaExistsException;
import io.roster.command.lifecycle.domain.DeviceExistsException;
import io.roster.command.lifecycle.domain.DeviceNotConnectedException;
import io.roster.command.lifecycle.domain.DomainException;
import io.roster.command.lifecycle.domain.FingerprintConflictException;
import io.roster.command.lifecycle.domain.NoDeviceSecretException;
import io.roster.command.lifecycle.domain.QuotaExhaustedException;
import io.roster.command.lifecycle.domain.UnknownCaException;
import io.roster.command.lifecycle.domain.UnknownDeviceException;
import io.roster.command.lifecycle.domain.UnknownProductException;
import io.roster.contract.Keys;
import io.roster.contract.web.ErrorAnswer;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps every failure to {@link ApiError} with the right status; never a stack trace or a request body. Errors are
 * always written as application/json, whatever the request's {@code Accept}.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ApiError> domain(DomainException e) {
        HttpStatus status;
        if (e instanceof UnknownProductException || e instanceof UnknownDeviceException || e instanceof UnknownCaException) {
            status = HttpStatus.NOT_FOUND;
        } else if (e instanceof DeviceExistsException || e instanceof QuotaExhaustedException
                || e instanceof NoDeviceSecretException || e instanceof AlreadyRegisteredException
                || e instanceof DeviceNotConnectedException || e instanceof CaExistsException
                || e instanceof FingerprintConflictException) {
            status = HttpStatus.CONFLICT;
        } else {
            status = HttpStatus.BAD_REQUEST;
        }
        Long available = e instanceof QuotaExhaustedException q ? q.available() : null;
        return answer(status, new ApiError(e.code(), e.getMessage(), available));
    }

    @ExceptionHandler(CaCertificates.RejectedCertificateException.class)
    ResponseEntity<ApiError> rejectedCertificate(CaCertificates.RejectedCertificateException e) {
        return bad(e.code(), e.getMessage());
    }

    /**
     * The command outlived its request's Idempotency-Key lease and a retry took the key over, so it was rolled back
     * (with every addition batched with it). A 5xx: nothing is remembered, and the others may simply retry.
     */
    @ExceptionHandler(IdempotencyLeaseLostException.class)
    ResponseEntity<ApiError> leaseLost(IdempotencyLeaseLostException e) {
        return answer(HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("IDEMPOTENCY_LEASE_EXPIRED",
                "the command outlasted an Idempotency-Key lease and was rolled back; nothing was applied; retry"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return answer(HttpStatus.BAD_REQUEST, unreadableBody(e.getCause()));
    }

    /** The 400 for a body Jackson could not read, by what went wrong ({@code cause}: Jackson's exception, if any). */
    public static ApiError unreadableBody(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException u) {
            return ApiError.of("VALIDATION_FAILED", "unknown field '" + u.getPropertyName() + "'");
        }
        if (cause instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String allowed = Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return ApiError.of("VALIDATION_FAILED", "field '" + path(f) + "' must be one of: " + allowed);
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return ApiError.of("VALIDATION_FAILED", "field '" + path(m) + "' has the wrong type");
        }
        return ApiError.of("MALFORMED_JSON", "the request body is not valid JSON for this call");
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static final String INVALID_KEY = "a path parameter " + Keys.RULE;

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        return bad("VALIDATION_FAILED", fieldMessages(e.getBindingResult().getFieldErrors().stream()));
    }

    /**
     * Spring validates a handler's parameters itself when any of them carries a constraint (the path keys do);
     * then a request body's field errors arrive here too, as that parameter's errors.
     */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ApiError> invalidParameters(HandlerMethodValidationException e) {
        String message = e.getParameterValidationResults().stream()
                .map(r -> r instanceof ParameterErrors errors ? fieldMessages(errors.getFieldErrors().stream()) : INVALID_KEY)
                .distinct().sorted().collect(Collectors.joining("; "));
        return bad("VALIDATION_FAILED", message);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ApiError> violated(ConstraintViolationException e) {
        return bad("VALIDATION_FAILED", INVALID_KEY);
    }

    private static String fieldMessages(Stream<FieldError> errors) {
        return errors.map(f -> "field '" + f.getField() + "' " + f.getDefaultMessage()).sorted()
                .collect(Collectors.joining("; "));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        return bad("VALIDATION_FAILED", "parameter '" + e.getName() + "' has the wrong type");
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ApiError> badRequest(BadRequestException e) {
        return bad("VALIDATION_FAILED", e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ApiError.of("UNSUPPORTED_MEDIA_TYPE", "send the body as application/json"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, ApiError.of("METHOD_NOT_ALLOWED", e.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return answer(HttpStatus.NOT_ACCEPTABLE, ApiError.of("NOT_ACCEPTABLE", ErrorAnswer.notAcceptable(e)));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, ApiError.of("NOT_FOUND", "no such endpoint"));
    }

    /** Another instance kept changing the same product while this command was retried (docs/api.md). */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ApiError> conflict(ConcurrencyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of("CONCURRENT_CHANGE", "the product was changed concurrently; retry the request"));
    }

    /** Spring MVC's other refusals (a missing header, ...) keep their status; anything else is a 500. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            HttpStatus known = HttpStatus.resolve(response.getStatusCode().value());
            return ResponseEntity.status(response.getStatusCode()).contentType(MediaType.APPLICATION_JSON)
                    .body(ApiError.of(known == null ? "BAD_REQUEST" : known.name(), response.getBody().getDetail()));
        }
        log.error("unexpected failure handling a request", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR,
                ApiError.of("INTERNAL_ERROR", "the request failed unexpectedly; it may be retried"));
    }

    private static ResponseEntity<ApiError> bad(String code, String message) {
        return answer(HttpStatus.BAD_REQUEST, ApiError.of(code, message));
    }

    /** Always application/json, whatever the request's Accept: a refusal is never itself refused. */
    private static ResponseEntity<ApiError> answer(HttpStatus status, ApiError error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
