package io.roster.ledger.adapter.in.web;

import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerEntry;

import java.time.Instant;

/**
 * One movement of codes; {@code eventId} names the event behind it, {@code deviceKey} is null for grants, and
 * {@code after} holds the product's codes right after it.
 */
public record EntryResponse(String eventId, EntryKind kind, String productKey, String deviceKey, long count,
                            Instant at, long seq, CodesResponse after) {

    static EntryResponse of(LedgerEntry e) {
        return e == null ? null : new EntryResponse(e.eventId(), e.kind(), e.productKey(), e.deviceKey(), e.count(),
                e.at(), e.seq(), CodesResponse.of(e.after()));
    }
}
