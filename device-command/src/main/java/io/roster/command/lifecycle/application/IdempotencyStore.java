package io.roster.command.lifecycle.application;

import io.roster.contract.EncryptedSecret;

import java.time.Instant;

/**
 * Remembers commands by their {@code Idempotency-Key}, so a retried request has no second effect and
 * gets the first answer. Stored answers are encrypted: an answer may hand out a secret once.
 * <p>
 * A request in flight holds its key by a short {@link Lease}: if it dies before its command commits, the key is
 * free again once the lease ends. A command that commits marks its key {@link #markCommitted committed}, so a
 * retry never runs it again, even when its answer was never stored.
 */
public interface IdempotencyStore {

    /** A remembered answer. */
    record StoredResponse(int status, String contentType, EncryptedSecret body) {
    }

    /** One request's hold on a key; {@code id} tells it apart from a later request that took the key over. */
    record Lease(String key, String id) {
    }

    /** What a claim found. */
    sealed interface Claim permits Claimed, Completed, InProgress, Committed, Mismatch {
    }

    /** The key was free (new, expired, or its lease ended with nothing committed) and now belongs to this request. */
    record Claimed(Lease lease) implements Claim {
    }

    /** The key's request completed earlier: answer with this. */
    record Completed(StoredResponse response) implements Claim {
    }

    /** The key's request is being processed right now (its lease is live). */
    record InProgress() implements Claim {
    }

    /** The key's command committed, but its request's answer was never stored and its lease is over. */
    record Committed() implements Claim {
    }

    /** The key was used for a different request. */
    record Mismatch() implements Claim {
    }

    /**
     * Claims {@code key} for the request with {@code requestHash}, leased until {@code leaseUntil}. Records
     * created before {@code expiredBefore} count as free ({@link IdempotencyRecord#judge}).
     */
    Claim claim(String key, String requestHash, Instant now, Instant leaseUntil, Instant expiredBefore);

    /** Stores the answer, if {@code lease} still holds the key (a request that lost its key stores nothing). */
    void complete(Lease lease, StoredResponse response);

    /**
     * Gives up a lease whose request ends without an answer worth repeating: the key is freed, unless its command
     * committed; then the lease just ends, and retries learn that it was applied.
     */
    void abandon(Lease lease, Instant now);

    /**
     * Records that the lease's command is committing, and holds the key until {@code leaseUntil} for its answer.
     * Throws {@link IdempotencyLeaseLostException} when another request took the key over.
     */
    void markCommitted(Lease lease, Instant leaseUntil);

    /** Holds the key until {@code leaseUntil}; throws {@link IdempotencyLeaseLostException} when it was taken over. */
    void renew(Lease lease, Instant leaseUntil);

    /**
     * Whether {@link #markCommitted} writes in the command's own database transaction, so that the mark exists if
     * and only if the command's events do. When not, the mark can only follow the commit.
     */
    boolean sharesCommandTransaction();

    /** Deletes records created before {@code expiredBefore}; returns how many. */
    long purge(Instant expiredBefore);
}
