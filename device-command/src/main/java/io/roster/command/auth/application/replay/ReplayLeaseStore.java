package io.roster.command.auth.application.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lease of the replay claims' lead, in the event store's database: at most one instance holds it at a time, until
 * {@link Lease#leaseUntil} unless it renews it (docs/security.md, "Replay protection"). Every instant is the store's
 * clock, so instances whose clocks differ still agree on who leads.
 */
public interface ReplayLeaseStore {

    /**
     * The lease as stored ({@code owner} null when nobody ever held it) and {@code now}, the store's clock when it was
     * read. {@code url} is where the holder answers forwarded claims.
     */
    record Lease(String owner, String url, Instant acquiredAt, Instant leaseUntil, Instant now) {

        /** Held, and not expired at {@link #now}. */
        public boolean live() {
            return owner != null && leaseUntil.isAfter(now);
        }
    }

    /** The lease now. */
    Lease read();

    /**
     * Takes the lease for {@code term} if nobody holds it, it expired, or its holder advertised this same {@code url}
     * (an earlier process of this instance, now dead: two live processes cannot listen on one address); empty if
     * another holds it. A new {@code acquiredAt} every time: taking it is the start of a lead.
     */
    Optional<Lease> acquire(String owner, String url, Duration term);

    /** Extends {@code owner}'s lease to {@code term} from now; empty if {@code owner} no longer holds it. */
    Optional<Lease> renew(String owner, Duration term);

    /** Ends {@code owner}'s lease now, if it holds it, so another may take it at once. */
    void release(String owner);
}
