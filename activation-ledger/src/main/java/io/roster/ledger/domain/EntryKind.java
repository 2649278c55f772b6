package io.roster.ledger.domain;

/** What an entry did to a product's activation codes. */
public enum EntryKind {
    /** Codes were granted to the product. */
    GRANT,
    /** Adding a device took a code; it stays reserved until the device is activated or deleted. */
    RESERVE,
    /** A device deleted before its activation gave its code back. */
    REFUND,
    /** A device's first activation turned its reserved code into a consumed one. */
    CONSUME,
    /**
     * A device charged once before was added again, or activated again, and took no code: the entry records the
     * decision, with a count of 0.
     */
    NOT_CHARGED
}
