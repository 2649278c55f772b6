package io.roster.ledger.application.reconciliation;

import io.roster.ledger.domain.Codes;

/**
 * One product compared between the command side and the ledger at a common event position.
 *
 * @param seq     the position both sides were compared at: the command side's, which the ledger reaches or passes
 * @param command the command side's counts at {@code seq}; null when it does not know the product
 * @param ledger  the ledger's counts at {@code seq}, from its entries; null when it has not reached {@code seq}
 * @param detail  what disagreed, in words; null when both sides agree
 */
public record ProductCheck(String productKey, Status status, long seq, Counts command, Codes ledger, String detail) {

    /** How a product came out of the comparison. */
    public enum Status {
        /** Both sides count the same codes at the same position. */
        MATCHED,
        /** The sides disagree, or the ledger's balance disagrees with its own entries: see the detail. */
        DRIFT,
        /** The ledger knows a product the command side does not. */
        UNKNOWN_TO_COMMAND_SIDE,
        /** The ledger had not reached the command side's position in the time allowed: checked again next run. */
        LEDGER_BEHIND
    }

    /** The counts the command side decides with. */
    public record Counts(long granted, long available) {
    }

    public boolean drifted() {
        return status == Status.DRIFT || status == Status.UNKNOWN_TO_COMMAND_SIDE;
    }
}
