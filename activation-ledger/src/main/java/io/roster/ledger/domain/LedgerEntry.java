package io.roster.ledger.domain;

import java.time.Instant;

/**
 * One movement of activation codes, named after the event that caused it.
 *
 * @param deviceKey the device concerned, or null for a grant
 * @param count     how many codes moved
 * @param seq       the event's sequence number in its product's history
 */
public record LedgerEntry(String eventId, EntryKind kind, String productKey, String deviceKey, long count, Instant at,
                          long seq) {
}
