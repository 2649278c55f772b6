package io.roster.ledger.adapter.in.web;

import io.roster.ledger.domain.Codes;

/** Codes at one point of a history; {@code available = granted - reserved - consumed}. */
public record CodesResponse(long granted, long reserved, long consumed, long refunded, long available) {

    static CodesResponse of(Codes c) {
        return c == null ? null : new CodesResponse(c.granted(), c.reserved(), c.consumed(), c.refunded(), c.available());
    }
}
