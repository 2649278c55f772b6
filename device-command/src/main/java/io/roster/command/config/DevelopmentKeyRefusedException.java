package io.roster.command.config;

/** Start refused: new secrets would be encrypted under the built-in development key, which is in the source. */
class DevelopmentKeyRefusedException extends IllegalStateException {

    static final String DESCRIPTION = "device-command refuses to start: no key-encryption key is configured, so device "
            + "and product secrets would be encrypted under the built-in development key '" + CommandConfiguration.DEV_KEY_ID
            + "', which is published in the source.";
    static final String ACTION = "Set ROSTER_SECRETS_ACTIVE_KEY_ID=<id> and ROSTER_SECRETS_KEYS_<ID>=<base64 of 32 "
            + "random bytes> (e.g. ROSTER_SECRETS_ACTIVE_KEY_ID=k1 and ROSTER_SECRETS_KEYS_K1=$(openssl rand -base64 32)); "
            + "for development only, ROSTER_SECRETS_ALLOW_DEV_KEY=true accepts the built-in key (docs/security.md).";

    DevelopmentKeyRefusedException() {
        super(DESCRIPTION + " " + ACTION);
    }
}
