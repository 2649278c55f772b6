package io.roster.ledger.application;

import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.ChargedDevice;
import io.roster.ledger.domain.LedgerEntry;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads the ledger (the outgoing port its store implements). */
public interface LedgerReadModel {

    Optional<Balance> findBalance(String productKey);

    /**
     * The entries the filter matches: one product's in the order they happened (by sequence number), every
     * product's by time.
     */
    Page<LedgerEntry> findEntries(EntryFilter filter, PageRequest page);

    Optional<LedgerEntry> findEntry(String eventId);

    /** The product's last entry at or before the instant, by event time. */
    Optional<LedgerEntry> lastEntryAsOf(String productKey, Instant asOf);

    /** The product's last entry at or before the sequence number. */
    Optional<LedgerEntry> lastEntryAtOrBefore(String productKey, long seq);

    Optional<ChargedDevice> findCharged(String productKey, String deviceKey);

    /** Every balance, by product key. */
    void forEachBalance(Consumer<Balance> action);

    /** Every entry, by event id. */
    void forEachEntry(Consumer<LedgerEntry> action);

    /** Every charged device, in a stable order (by product key and device key). */
    void forEachCharged(Consumer<ChargedDevice> action);
}
