package io.roster.ledger.application;

import io.roster.ledger.domain.EntryKind;

import java.time.Instant;

/**
 * Which entries a page holds; every part is optional (null matches all).
 *
 * @param productKey one product's entries, in their history's order; null for every product's, by time
 * @param from       entries at or after this instant
 * @param to         entries before this instant
 */
public record EntryFilter(String productKey, EntryKind kind, Instant from, Instant to) {

    public EntryFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidQueryException("from must be before to, got from=" + from + " and to=" + to);
        }
    }
}
