package io.roster.ledger.adapter.in.web;

import io.roster.ledger.domain.Balance;

/** A product's activation codes; {@code available = granted - reserved - consumed}. */
public record BalanceResponse(String productKey, long granted, long reserved, long consumed, long refunded,
                              long available) {

    static BalanceResponse of(Balance b) {
        return new BalanceResponse(b.productKey(), b.granted(), b.reserved(), b.consumed(), b.refunded(), b.available());
    }
}
