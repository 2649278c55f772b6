package io.roster.ledger.domain;

import java.time.Instant;

/**
 * One movement of activation codes (or, for {@link EntryKind#NOT_CHARGED}, a decision to move none), named after
 * the event that caused it: an event causes at most one entry, so the event id is the entry's id.
 *
 * @param deviceKey the device concerned, or null for a grant
 * @param count     how many codes moved
 * @param seq       the event's sequence number in its product's history
 * @param after     the product's codes right after this entry
 */
public record LedgerEntry(String eventId, EntryKind kind, String productKey, String deviceKey, long count, Instant at,
                          long seq, Codes after) {
}
