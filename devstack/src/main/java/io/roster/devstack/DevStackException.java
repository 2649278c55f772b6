package io.roster.devstack;

/** The stack could not be started; the message is meant for the user and says what to do. */
public final class DevStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DevStackException(String message) {
        super(message);
    }

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
