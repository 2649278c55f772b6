package io.roster.ledger.application;

import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.UnknownProductException;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerEntry;

/** The questions the ledger answers about a product's activation codes. */
public class LedgerQueries {

    private final LedgerReadModel readModel;

    public LedgerQueries(LedgerReadModel readModel) {
        this.readModel = readModel;
    }

    public Balance balance(String productKey) {
        return readModel.findBalance(productKey).orElseThrow(() -> new UnknownProductException(productKey));
    }

    public Page<LedgerEntry> entries(String productKey, EntryKind kind, PageRequest page) {
        balance(productKey);
        return readModel.findEntries(productKey, kind, page);
    }

    /** Whether the device key was charged for good (activated once); a key never seen is not. */
    public boolean charged(String productKey, String deviceKey) {
        balance(productKey);
        return readModel.isCharged(productKey, deviceKey);
    }
}
