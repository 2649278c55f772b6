package io.roster.command.adapter.in.web;

/** Input that is well-formed JSON but makes no sense as a request; answered with 400 VALIDATION_FAILED. */
class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
