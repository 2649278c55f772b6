package io.roster.ledger.application.reconciliation;

/** device-command could not be asked for its counts: not configured, unreachable, or it refused the ledger. */
public class CommandSideUnavailableException extends RuntimeException {

    public CommandSideUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
