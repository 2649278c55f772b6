package io.roster.ledger.adapter.out.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.roster.contract.Keys;
import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.mongo.MongoPages;
import io.roster.ledger.application.LedgerReadModel;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.ChargedDevice;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerEntry;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.Optional;
import java.util.function.Consumer;

import static io.roster.ledger.adapter.out.mongo.LedgerDocuments.*;

/** Reads the ledger; entry pages match the {@code entries_by_product*} indexes. */
public class MongoLedgerReadModel implements LedgerReadModel {

    private final MongoCollection<Document> balances;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> charged;

    public MongoLedgerReadModel(MongoDatabase database) {
        this.balances = database.getCollection(BALANCES);
        this.entries = database.getCollection(ENTRIES);
        this.charged = database.getCollection(CHARGED);
    }

    @Override
    public Optional<Balance> findBalance(String productKey) {
        return Optional.ofNullable(balances.find(Filters.eq(ID, productKey)).first()).map(LedgerDocuments::balance);
    }

    @Override
    public Page<LedgerEntry> findEntries(String productKey, EntryKind kind, PageRequest page) {
        Bson query = kind == null ? Filters.eq(PRODUCT_KEY, productKey)
                : Filters.and(Filters.eq(PRODUCT_KEY, productKey), Filters.eq(KIND, kind.name()));
        return MongoPages.find(entries, query, Sorts.ascending(SEQ), page, LedgerDocuments::entry);
    }

    @Override
    public boolean isCharged(String productKey, String deviceKey) {
        if (!Keys.valid(productKey) || !Keys.valid(deviceKey)) {
            return false; // no device is named so: every key charged passed the rule when it was added
        }
        return charged.find(Filters.eq(ID, chargedId(productKey, deviceKey))).first() != null;
    }

    @Override
    public void forEachBalance(Consumer<Balance> action) {
        balances.find().sort(Sorts.ascending(ID)).map(LedgerDocuments::balance).forEach(action);
    }

    @Override
    public void forEachEntry(Consumer<LedgerEntry> action) {
        entries.find().sort(Sorts.ascending(ID)).map(LedgerDocuments::entry).forEach(action);
    }

    @Override
    public void forEachCharged(Consumer<ChargedDevice> action) {
        charged.find().sort(Sorts.ascending(ID)).map(LedgerDocuments::charged).forEach(action);
    }
}
