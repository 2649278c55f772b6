package io.roster.ledger.adapter.out.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.roster.contract.Keys;
import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.mongo.MongoPages;
import io.roster.ledger.application.EntryFilter;
import io.roster.ledger.application.LedgerReadModel;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.ChargedDevice;
import io.roster.ledger.domain.LedgerEntry;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static io.roster.ledger.adapter.out.mongo.LedgerDocuments.*;

/** Reads the ledger; every query matches one of {@link MongoLedgerProjection#ENTRY_INDEXES}. */
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
    public Page<LedgerEntry> findEntries(EntryFilter filter, PageRequest page) {
        List<Bson> parts = new ArrayList<>();
        if (filter.productKey() != null) {
            parts.add(Filters.eq(PRODUCT_KEY, filter.productKey()));
        }
        if (filter.kind() != null) {
            parts.add(Filters.eq(KIND, filter.kind().name()));
        }
        if (filter.from() != null) {
            parts.add(Filters.gte(AT, date(filter.from())));
        }
        if (filter.to() != null) {
            parts.add(Filters.lt(AT, date(filter.to())));
        }
        Bson query = parts.isEmpty() ? new Document() : Filters.and(parts);
        Bson order = filter.productKey() != null ? Sorts.ascending(SEQ) : Sorts.ascending(AT, ID);
        return MongoPages.find(entries, query, order, page, LedgerDocuments::entry);
    }

    @Override
    public Optional<LedgerEntry> findEntry(String eventId) {
        return Optional.ofNullable(entries.find(Filters.eq(ID, eventId)).first()).map(LedgerDocuments::entry);
    }

    @Override
    public Optional<LedgerEntry> lastEntryAsOf(String productKey, Instant asOf) {
        return last(Filters.and(Filters.eq(PRODUCT_KEY, productKey), Filters.lte(AT, date(asOf))),
                Sorts.descending(AT, SEQ));
    }

    @Override
    public Optional<LedgerEntry> lastEntryAtOrBefore(String productKey, long seq) {
        return last(Filters.and(Filters.eq(PRODUCT_KEY, productKey), Filters.lte(SEQ, seq)), Sorts.descending(SEQ));
    }

    private Optional<LedgerEntry> last(Bson query, Bson order) {
        return Optional.ofNullable(entries.find(query).sort(order).limit(1).first()).map(LedgerDocuments::entry);
    }

    @Override
    public Optional<ChargedDevice> findCharged(String productKey, String deviceKey) {
        if (!Keys.valid(productKey) || !Keys.valid(deviceKey)) {
            return Optional.empty(); // no device is named so: every key charged passed the rule when it was added
        }
        return Optional.ofNullable(charged.find(Filters.eq(ID, chargedId(productKey, deviceKey))).first())
                .map(LedgerDocuments::charged);
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
