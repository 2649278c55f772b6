package io.roster.ledger.domain;

/**
 * A product's activation codes: {@code available = granted - reserved - consumed}; refunded counts the
 * codes that came back from devices deleted before their activation.
 *
 * @param drifts  how many events stated a total that disagreed with this balance
 * @param lastSeq sequence number of the last event applied, or {@link #NONE}
 */
public record Balance(String productKey, long granted, long reserved, long consumed, long refunded, long drifts,
                      long lastSeq) {

    /** The sequence number of a balance no event was applied to. */
    public static final long NONE = -1;

    public static Balance opened(String productKey) {
        return new Balance(productKey, 0, 0, 0, 0, 0, NONE);
    }

    public long available() {
        return granted - reserved - consumed;
    }

    public Codes codes() {
        return new Codes(granted, reserved, consumed, refunded);
    }

    Balance grant(long count) {
        return new Balance(productKey, granted + count, reserved, consumed, refunded, drifts, lastSeq);
    }

    Balance reserve() {
        return new Balance(productKey, granted, reserved + 1, consumed, refunded, drifts, lastSeq);
    }

    Balance refund() {
        return new Balance(productKey, granted, reserved - 1, consumed, refunded + 1, drifts, lastSeq);
    }

    Balance consume() {
        return new Balance(productKey, granted, reserved - 1, consumed + 1, refunded, drifts, lastSeq);
    }

    Balance drifted() {
        return new Balance(productKey, granted, reserved, consumed, refunded, drifts + 1, lastSeq);
    }

    Balance at(long seq) {
        return new Balance(productKey, granted, reserved, consumed, refunded, drifts, seq);
    }
}
