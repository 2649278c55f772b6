package io.roster.ledger.adapter.in.web;

import io.roster.ledger.application.LedgerQueries.CodesAt;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.Codes;

import java.time.Instant;

/**
 * A product's activation codes; {@code available = granted - reserved - consumed}.
 *
 * @param seq  the sequence number of the product's last event the balance includes (-1 before any)
 * @param asOf the instant asked for, or null for the balance now
 */
public record BalanceResponse(String productKey, long granted, long reserved, long consumed, long refunded,
                              long available, long seq, Instant asOf) {

    static BalanceResponse of(Balance b) {
        return of(b.productKey(), b.codes(), b.lastSeq(), null);
    }

    static BalanceResponse of(CodesAt c, Instant asOf) {
        return of(c.productKey(), c.codes(), c.seq(), asOf);
    }

    private static BalanceResponse of(String productKey, Codes c, long seq, Instant asOf) {
        return new BalanceResponse(productKey, c.granted(), c.reserved(), c.consumed(), c.refunded(), c.available(),
                seq, asOf);
    }
}
