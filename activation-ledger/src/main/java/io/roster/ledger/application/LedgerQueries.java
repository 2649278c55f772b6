package io.roster.ledger.application;

import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.UnknownProductException;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.Codes;
import io.roster.ledger.domain.LedgerEntry;

import java.time.Instant;
import java.util.Optional;

/** The questions the ledger answers about activation codes, per product and over all products. */
public class LedgerQueries {

    private final LedgerReadModel readModel;

    public LedgerQueries(LedgerReadModel readModel) {
        this.readModel = readModel;
    }

    /**
     * A product's codes at a point of its history.
     *
     * @param seq the sequence number of the last event they include; {@link Balance#NONE} before any
     */
    public record CodesAt(String productKey, Codes codes, long seq) {
    }

    /** Codes summed over every product the ledger knows. */
    public record Totals(long products, Codes codes) {
    }

    public Balance balance(String productKey) {
        return readModel.findBalance(productKey).orElseThrow(() -> new UnknownProductException(productKey));
    }

    /**
     * The product's codes as they were at the instant: the totals after its last entry at or before it, by the
     * time the command side recorded on the events. An instant before its first entry has no codes.
     */
    public CodesAt balanceAsOf(String productKey, Instant asOf) {
        balance(productKey);
        return readModel.lastEntryAsOf(productKey, asOf)
                .map(e -> new CodesAt(productKey, e.after(), e.seq()))
                .orElse(new CodesAt(productKey, Codes.NONE, Balance.NONE));
    }

    /** The product's codes right after the event with this sequence number (or the last one before it). */
    public Codes codesAtSeq(String productKey, long seq) {
        return readModel.lastEntryAtOrBefore(productKey, seq).map(LedgerEntry::after).orElse(Codes.NONE);
    }

    /** Every product's codes summed: now, or (asOf not null) at that instant. */
    public Totals totals(Instant asOf) {
        long[] products = {0};
        Codes[] sum = {Codes.NONE};
        readModel.forEachBalance(b -> {
            products[0]++;
            sum[0] = sum[0].plus(asOf == null ? b.codes()
                    : readModel.lastEntryAsOf(b.productKey(), asOf).map(LedgerEntry::after).orElse(Codes.NONE));
        });
        return new Totals(products[0], sum[0]);
    }

    public Page<LedgerEntry> entries(EntryFilter filter, PageRequest page) {
        if (filter.productKey() != null) {
            balance(filter.productKey());
        }
        return readModel.findEntries(filter, page);
    }

    /**
     * The entry by which the device key was charged for good (activated once), or empty when it never was;
     * a key never seen never was.
     */
    public Optional<LedgerEntry> chargedBy(String productKey, String deviceKey) {
        balance(productKey);
        return readModel.findCharged(productKey, deviceKey).flatMap(c -> readModel.findEntry(c.entryId()));
    }
}
