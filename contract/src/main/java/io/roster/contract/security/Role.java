package io.roster.contract.security;

import java.util.Locale;

/**
 * Who may call what. A caller's roles come from a claim of its bearer token (by default {@code roles});
 * the claim's values are the {@link #claimValue()}s. Least privilege: every endpoint names the roles
 * it admits and everything else is refused.
 */
public enum Role {
    /** Sends commands: products, devices, codes, resets. */
    OPERATOR,
    /** Reads history, the ledger and projections, and may rebuild projections; no commands, no secrets. */
    ANALYST,
    /** Reads device secrets: the privileged DS read and batch DS downloads, each audited. */
    SECRETS,
    /** MQTT/LwM2M gateways asking for connection-authentication decisions. */
    GATEWAY,
    /** Another region's region-sync. */
    REGION_PEER,
    /**
     * The activation-ledger service's own identity: reads each product's activation-code counts from device-command,
     * to reconcile its balances with what the command side decides; no commands, no secrets.
     */
    LEDGER;

    /** How the role is written in a token, e.g. {@code region-peer}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The role name Spring Security checks ({@code hasRole(...)}). */
    public String roleName() {
        return claimValue();
    }

    /** The granted authority, {@code ROLE_<claim value>}. */
    public String authority() {
        return "ROLE_" + claimValue();
    }

    public static String[] names(Role... roles) {
        String[] names = new String[roles.length];
        for (int i = 0; i < roles.length; i++) {
            names[i] = roles[i].roleName();
        }
        return names;
    }
}
