package io.roster.ledger.domain;

/**
 * A product's activation codes at one point of its history: what every entry carries as the totals right after
 * it, so that the balance at any past instant or event position is one entry away.
 */
public record Codes(long granted, long reserved, long consumed, long refunded) {

    /** The codes of a product before its first entry. */
    public static final Codes NONE = new Codes(0, 0, 0, 0);

    public long available() {
        return granted - reserved - consumed;
    }

    /** The sum of two products' codes, for totals over several products. */
    public Codes plus(Codes other) {
        return new Codes(granted + other.granted, reserved + other.reserved, consumed + other.consumed,
                refunded + other.refunded);
    }
}
