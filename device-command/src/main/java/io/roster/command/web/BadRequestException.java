package io.roster.command.web;

/** Input that is well-formed JSON but makes no sense as a request; answered with 400 VALIDATION_FAILED. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
