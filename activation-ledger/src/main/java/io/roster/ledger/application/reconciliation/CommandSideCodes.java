package io.roster.ledger.application.reconciliation;

import java.util.Optional;

/** device-command's own activation-code counts (the outgoing port its HTTP client implements). */
public interface CommandSideCodes {

    /**
     * A product's codes as the command side decides with them.
     *
     * @param seq the sequence number of the product's last event these counts include
     */
    record DecidedCodes(String productKey, long granted, long available, long seq) {
    }

    /**
     * The product's codes now; empty when the command side does not know the product.
     *
     * @throws CommandSideUnavailableException when it cannot be asked
     */
    Optional<DecidedCodes> codes(String productKey);
}
