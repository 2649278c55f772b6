package io.roster.ledger.adapter.in.web;

import io.roster.contract.readside.Page;
import io.roster.ledger.domain.LedgerEntry;

import java.util.List;

/** One page of entries in the order they happened; {@code total} counts the matching entries. */
public record EntryPageResponse(List<EntryResponse> items, int page, int size, long total) {

    static EntryPageResponse of(Page<LedgerEntry> page) {
        Page<EntryResponse> mapped = page.map(EntryResponse::of);
        return new EntryPageResponse(mapped.items(), mapped.page(), mapped.size(), mapped.total());
    }
}
