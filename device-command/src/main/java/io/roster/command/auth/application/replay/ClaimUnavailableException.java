package io.roster.command.auth.application.replay;

/**
 * A replay claim that could not be decided: no instance leads the claims at the moment, the lead did not answer in
 * time or too many claims were waiting for it, or the lead's claims are not being written. The request it belongs to is refused, never allowed (docs/security.md, "Replay protection").
 */
public final class ClaimUnavailableException extends RuntimeException {

    public ClaimUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
