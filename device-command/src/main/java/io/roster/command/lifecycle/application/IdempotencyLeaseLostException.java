package io.roster.command.lifecycle.application;

/**
 * A command was about to commit for a request whose {@code Idempotency-Key} lease had ended and had been taken
 * over by a retry: it is rolled back, so that only one of the two ever commits.
 */
public class IdempotencyLeaseLostException extends RuntimeException {

    public IdempotencyLeaseLostException(String key) {
        super("the Idempotency-Key lease of " + key + " was taken over by another request");
    }
}
