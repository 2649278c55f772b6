package io.roster.command.application;

import io.roster.contract.EncryptedSecret;

import java.time.Instant;

/**
 * Remembers commands by their {@code Idempotency-Key}, so a retried request has no second effect and
 * gets the first answer. Stored answers are encrypted: an answer may hand out a secret once.
 */
public interface IdempotencyStore {

    /** A remembered answer. */
    record StoredResponse(int status, String contentType, EncryptedSecret body) {
    }

    /** What a claim found. */
    sealed interface Claim permits Claimed, Completed, InProgress, Mismatch {
    }

    /** The key was free (or expired) and now belongs to this request. */
    record Claimed() implements Claim {
    }

    /** The key's request completed earlier: answer with this. */
    record Completed(StoredResponse response) implements Claim {
    }

    /** The key's request is being processed right now. */
    record InProgress() implements Claim {
    }

    /** The key was used for a different request. */
    record Mismatch() implements Claim {
    }

    /**
     * Claims {@code key} for the request with {@code requestHash}. Records created before
     * {@code expiredBefore} count as free.
     */
    Claim claim(String key, String requestHash, Instant now, Instant expiredBefore);

    void complete(String key, StoredResponse response);

    /** Frees a claimed key whose request failed without an answer worth repeating. */
    void release(String key);

    /** Deletes records created before {@code expiredBefore}; returns how many. */
    long purge(Instant expiredBefore);
}
