package io.roster.command.auth.application;

/**
 * When authentication's long-running parts start, as lifecycle phases (a lower phase starts earlier and stops later):
 * the one place both the credential view's updater and the decision port, which must start after it, read.
 */
public final class StartPhases {

    /** The credential view: after Axon's own start-up (its phase is near Integer.MAX_VALUE / 2), before the decision port and the web server. */
    public static final int CREDENTIAL_VIEW = Integer.MAX_VALUE / 2 + 100;

    private StartPhases() {
    }
}
