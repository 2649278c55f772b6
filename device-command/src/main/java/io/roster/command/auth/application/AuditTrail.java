package io.roster.command.auth.application;

import java.time.Instant;
import java.util.List;

/**
 * Where privileged reads are recorded: who read what, when, from where, and whether it was handed
 * out. A record never contains the secret itself.
 */
public interface AuditTrail {

    /**
     * @param actor   the caller's identity (token subject)
     * @param source  where the request came from (client address, and the forwarded-for chain if any)
     * @param action  what was done, e.g. {@code DEVICE_SECRET_READ}
     * @param target  what it was done to, e.g. {@code productKey/deviceKey}
     * @param outcome {@code GRANTED} or the refusal's error code
     */
    record AuditRecord(String id, Instant at, String actor, String source, String action, String target,
                       String outcome) {
    }

    void record(AuditRecord record);

    /** Records with {@code from <= at < to}, oldest first, at most {@code limit}. */
    List<AuditRecord> find(Instant from, Instant to, int limit);
}
