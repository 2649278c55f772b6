package io.roster.ledger.application;

import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.ChargedDevice;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerEntry;

import java.util.Optional;
import java.util.function.Consumer;

/** Reads the ledger (the outgoing port its store implements). */
public interface LedgerReadModel {

    Optional<Balance> findBalance(String productKey);

    /** A product's entries in the order they happened, of one kind or (kind null) of every kind. */
    Page<LedgerEntry> findEntries(String productKey, EntryKind kind, PageRequest page);

    boolean isCharged(String productKey, String deviceKey);

    /** Every balance, by product key. */
    void forEachBalance(Consumer<Balance> action);

    /** Every entry, by event id. */
    void forEachEntry(Consumer<LedgerEntry> action);

    /** Every charged device, in a stable order (by product key and device key). */
    void forEachCharged(Consumer<ChargedDevice> action);
}
