package io.roster.ledger.application;

import io.roster.contract.readside.ProjectionDigest;
import io.roster.contract.readside.ProjectionDigest.Digest;

/** What of the ledger goes into the digest that the admin endpoint compares between two builds. */
public class LedgerDigest {

    private final LedgerReadModel readModel;

    public LedgerDigest(LedgerReadModel readModel) {
        this.readModel = readModel;
    }

    /**
     * Digest of the business content: balances by product, entries by event id, charged devices in their
     * stable order. Bookkeeping such as the stored sequence number of a balance is left out, so a
     * rebuilt ledger has the same digest as the live one.
     */
    public Digest digest() {
        ProjectionDigest digest = new ProjectionDigest("balances", "entries", "charged");
        readModel.forEachBalance(b -> digest.add("balances", b.productKey(), b.granted(), b.reserved(), b.consumed(),
                b.refunded(), b.available(), b.drifts()));
        readModel.forEachEntry(e -> digest.add("entries", e.eventId(), e.kind(), e.productKey(), e.deviceKey(),
                e.count(), e.at(), e.seq(), e.after().granted(), e.after().reserved(), e.after().consumed(),
                e.after().refunded()));
        readModel.forEachCharged(c -> digest.add("charged", c.productKey(), c.deviceKey(), c.since(), c.seq(), c.entryId()));
        return digest.finish();
    }
}
