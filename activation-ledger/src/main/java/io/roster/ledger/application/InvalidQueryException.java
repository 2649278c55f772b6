package io.roster.ledger.application;

/** A question the ledger cannot answer as asked: the caller gets a 400 with this message. */
public class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message) {
        super(message);
    }
}
