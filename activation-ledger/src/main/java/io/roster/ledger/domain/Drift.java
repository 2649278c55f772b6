package io.roster.ledger.domain;

/**
 * An event whose stated total disagrees with the ledger's own count after applying it: the command
 * side and the ledger no longer tell the same story about a product.
 *
 * @param total  which total disagreed: {@code available} or {@code granted}
 * @param stated the total the event carries
 * @param ledger the ledger's total after the event
 */
public record Drift(String productKey, long seq, String eventType, String total, long stated, long ledger) {
}
