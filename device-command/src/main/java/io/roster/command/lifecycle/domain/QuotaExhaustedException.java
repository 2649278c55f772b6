package io.roster.command.lifecycle.domain;

public final class QuotaExhaustedException extends DomainException {

    private final long available;

    public QuotaExhaustedException(String productKey, long available) {
        super("QUOTA_EXHAUSTED", "Product " + productKey + " has no activation code left for a new device: "
                + available + " available. Grant more activation codes first.");
        this.available = available;
    }

    public long available() {
        return available;
    }
}
