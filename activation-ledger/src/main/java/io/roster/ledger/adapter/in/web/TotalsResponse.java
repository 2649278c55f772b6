package io.roster.ledger.adapter.in.web;

import io.roster.ledger.application.LedgerQueries.Totals;

import java.time.Instant;

/** Every product's codes summed; {@code asOf} is the instant asked for, or null for now. */
public record TotalsResponse(long products, long granted, long reserved, long consumed, long refunded, long available,
                             Instant asOf) {

    static TotalsResponse of(Totals t, Instant asOf) {
        return new TotalsResponse(t.products(), t.codes().granted(), t.codes().reserved(), t.codes().consumed(),
                t.codes().refunded(), t.codes().available(), asOf);
    }
}
