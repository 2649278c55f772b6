package io.roster.command.auth;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one authentication check: allowed, or denied with a {@link DenyReason} and a short
 * detail meant for logs and operators (never a secret, never a whole request).
 */
public final class Verdict {

    private static final Verdict ALLOW = new Verdict(null, null);
    private static final Map<DenyReason, Verdict> BARE_DENIALS = new EnumMap<>(DenyReason.class);

    static {
        for (DenyReason reason : DenyReason.values()) {
            BARE_DENIALS.put(reason, new Verdict(reason, null));
        }
    }

    private final DenyReason reason;
    private final String detail;

    private Verdict(DenyReason reason, String detail) {
        this.reason = reason;
        this.detail = detail;
    }

    public static Verdict allow() {
        return ALLOW;
    }

    /** A denial without detail; shared instances, so the hot path allocates nothing. */
    public static Verdict deny(DenyReason reason) {
        return BARE_DENIALS.get(Objects.requireNonNull(reason, "reason"));
    }

    public static Verdict deny(DenyReason reason, String detail) {
        return new Verdict(Objects.requireNonNull(reason, "reason"), detail);
    }

    public boolean allowed() {
        return reason == null;
    }

    /** Empty when allowed. */
    public Optional<DenyReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** Empty when allowed or when the denial carries no detail. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict other && reason == other.reason && Objects.equals(detail, other.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail);
    }

    @Override
    public String toString() {
        return reason == null ? "allow" : "deny " + reason + (detail == null ? "" : " (" + detail + ")");
    }
}
