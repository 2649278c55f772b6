package io.roster.bench;

/** A command line the benchmark cannot run; its message names the offending option. */
public final class UsageException extends IllegalArgumentException {

    public UsageException(String message) {
        super(message);
    }
}
