package io.roster.ledger.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.readside.SequencedEvent;
import io.roster.contract.stream.ConsumedEvent;
import io.roster.contract.stream.Projection;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.ChargedDevice;
import io.roster.ledger.domain.Drift;
import io.roster.ledger.domain.LedgerChanges;
import io.roster.ledger.domain.LedgerChanges.BalanceChange;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.roster.ledger.adapter.out.mongo.LedgerDocuments.*;

/**
 * Writes the ledger from the event topic.
 *
 * <p>Per batch: one read of the balances of the products it touches, a fold that leaves out every
 * event a balance already holds, then three bulk writes. Entries (keyed by event id) and charged
 * device keys are written first and are idempotent on their own; each balance is written last,
 * only over the exact version it was computed from, so its {@code lastSeq} marks how far the ledger
 * got. A balance changed by someone else meanwhile fails the batch, which the consumer retries.
 *
 * <p>Entries and charged keys are selected by {@code _id} alone. The balance's version check adds
 * {@code lastSeq} to the filter, which the embedded MongoDB-wire server answers by scanning the
 * balances (one per product): cheap next to counting a code twice or losing one to a stale writer.
 */
public class MongoLedgerProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(MongoLedgerProjection.class);

    /**
     * One per question the read model asks: a product's entries in order (also the entry at a sequence number),
     * of one kind, or by time (also the balance as of an instant); every product's by time, of every kind or one.
     */
    static final List<IndexModel> ENTRY_INDEXES = List.of(
            new IndexModel(Indexes.ascending(PRODUCT_KEY, SEQ), new IndexOptions().name("entries_by_product")),
            new IndexModel(Indexes.ascending(PRODUCT_KEY, KIND, SEQ), new IndexOptions().name("entries_by_product_kind")),
            new IndexModel(Indexes.ascending(PRODUCT_KEY, AT, SEQ), new IndexOptions().name("entries_by_product_time")),
            new IndexModel(Indexes.ascending(AT, ID), new IndexOptions().name("entries_by_time")),
            new IndexModel(Indexes.ascending(KIND, AT, ID), new IndexOptions().name("entries_by_kind_time")));

    private final MongoCollection<Document> balances;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> charged;
    private final Counter driftCounter;

    public MongoLedgerProjection(MongoDatabase database, MeterRegistry meters) {
        this.balances = database.getCollection(BALANCES);
        this.entries = database.getCollection(ENTRIES);
        this.charged = database.getCollection(CHARGED);
        this.driftCounter = Counter.builder("roster.ledger.drift")
                .description("events whose stated totals disagreed with the ledger's count")
                .register(meters);
    }

    /** Creates the collections' indexes; harmless when they exist. */
    public void createIndexes() {
        entries.createIndexes(ENTRY_INDEXES);
    }

    @Override
    public void apply(List<ConsumedEvent> batch) {
        List<SequencedEvent> events = new ArrayList<>(batch.size());
        Set<String> productKeys = new LinkedHashSet<>();
        for (ConsumedEvent c : batch) {
            events.add(SequencedEvent.of(c));
            productKeys.add(c.event().productKey());
        }
        write(LedgerChanges.fold(events, storedBalances(productKeys)));
    }

    void write(LedgerChanges changes) {
        insertIgnoringDuplicates(entries, changes.entries().stream()
                .map(e -> new InsertOneModel<>(LedgerDocuments.entry(e))).toList());
        if (!changes.charged().isEmpty()) {
            charged.bulkWrite(changes.charged().stream().map(MongoLedgerProjection::chargedWrite).toList(),
                    new BulkWriteOptions().ordered(false));
        }
        writeBalances(changes.balances());
        for (Drift d : changes.drifts()) {
            driftCounter.increment();
            log.warn("ledger drift on product {} at seq {}: {} states {} = {}, the ledger counts {}", d.productKey(),
                    d.seq(), d.eventType(), d.total(), d.stated(), d.ledger());
        }
    }

    @Override
    public void clear() {
        balances.drop();
        entries.drop();
        charged.drop();
        createIndexes();
    }

    private Map<String, Balance> storedBalances(Set<String> productKeys) {
        Map<String, Balance> stored = new HashMap<>();
        if (!productKeys.isEmpty()) {
            for (Document d : balances.find(Filters.in(ID, productKeys))) {
                Balance b = LedgerDocuments.balance(d);
                stored.put(b.productKey(), b);
            }
        }
        return stored;
    }

    /** Keeps the first charge: whatever charged the key later changes nothing. */
    private static UpdateOneModel<Document> chargedWrite(ChargedDevice c) {
        Document first = new Document(PRODUCT_KEY, c.productKey())
                .append(DEVICE_KEY, c.deviceKey())
                .append(SINCE, date(c.since()))
                .append(SEQ, c.seq())
                .append(ENTRY_ID, c.entryId());
        return new UpdateOneModel<>(Filters.eq(ID, chargedId(c.productKey(), c.deviceKey())),
                new Document("$setOnInsert", first), new UpdateOptions().upsert(true));
    }

    private void writeBalances(List<BalanceChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(changes.size());
        int replacements = 0;
        for (BalanceChange c : changes) {
            if (c.before() == null) {
                writes.add(new InsertOneModel<>(LedgerDocuments.balance(c.after())));
            } else {
                replacements++;
                writes.add(new ReplaceOneModel<>(
                        Filters.and(Filters.eq(ID, c.before().productKey()), Filters.eq(LAST_SEQ, c.before().lastSeq())),
                        LedgerDocuments.balance(c.after())));
            }
        }
        BulkWriteResult result = balances.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        if (result.getMatchedCount() != replacements) {
            throw new IllegalStateException("a balance changed while this batch was applied; retrying the batch");
        }
    }

    private static void insertIgnoringDuplicates(MongoCollection<Document> collection,
                                                 List<InsertOneModel<Document>> inserts) {
        if (inserts.isEmpty()) {
            return;
        }
        try {
            collection.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyDuplicates = !e.getWriteErrors().isEmpty() && e.getWriteConcernError() == null
                    && e.getWriteErrors().stream()
                    .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates) {
                throw e;
            }
        }
    }
}
