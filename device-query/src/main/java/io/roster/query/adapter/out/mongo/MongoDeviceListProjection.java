package io.roster.query.adapter.out.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.roster.contract.DeviceId;
import io.roster.contract.DeviceStatus;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceEvent;
import io.roster.contract.readside.SequencedEvent;
import io.roster.contract.stream.ConsumedEvent;
import io.roster.contract.stream.Projection;
import io.roster.query.domain.DeviceChange;
import io.roster.query.domain.DeviceListChanges;
import io.roster.query.domain.ProductChange;
import org.bson.Document;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.roster.query.adapter.out.mongo.DeviceListDocuments.*;

/**
 * Writes the device list read model from the event topic.
 *
 * <p>Per batch: one read of the stored {@code lastSeq} of every document the batch touches, a fold
 * that leaves out every event those documents already hold, and one bulk write per collection with
 * one update per document that still has something new. Redelivered and replayed events therefore
 * change nothing, and since every value written is absolute, a batch interrupted between its writes
 * is completed by its redelivery.
 *
 * <p>Writes select by {@code _id} alone: the embedded MongoDB-wire server answers any other filter
 * (such as {@code _id} plus {@code lastSeq < n}) by scanning the whole collection, one scan per
 * document written. {@code lastSeq} is raised with {@code $max}, so it never goes back.
 *
 * <p>Secrets carried by events (encrypted product and device secrets) are never written.
 */
public class MongoDeviceListProjection implements Projection {

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    /** Every index the read model needs besides {@code _id}; named so that they can be told apart in plans. */
    static final List<IndexModel> DEVICE_INDEXES = List.of(
            new IndexModel(Indexes.ascending(PRODUCT_KEY, DELETED, DEVICE_KEY),
                    new IndexOptions().name("devices_by_product")),
            new IndexModel(Indexes.ascending(PRODUCT_KEY, DELETED, STATUS, DEVICE_KEY),
                    new IndexOptions().name("devices_by_product_status")),
            new IndexModel(Indexes.ascending(PRODUCT_KEY, DELETED, AUTH_TYPE, DEVICE_KEY),
                    new IndexOptions().name("devices_by_product_auth_type")),
            // not unique: a tombstone keeps its SN, which the command side may hand to another device
            new IndexModel(Indexes.ascending(PRODUCT_KEY, SN),
                    new IndexOptions().name("devices_by_product_sn")));

    private final MongoCollection<Document> products;
    private final MongoCollection<Document> devices;

    public MongoDeviceListProjection(MongoDatabase database) {
        this.products = database.getCollection(PRODUCTS);
        this.devices = database.getCollection(DEVICES);
    }

    /** Creates the collections' indexes; harmless when they exist. */
    public void createIndexes() {
        devices.createIndexes(DEVICE_INDEXES);
    }

    @Override
    public void apply(List<ConsumedEvent> batch) {
        List<SequencedEvent> events = batch.stream()
                .map(SequencedEvent::of)
                .toList();
        Set<String> productKeys = new LinkedHashSet<>();
        Set<DeviceId> deviceIds = new LinkedHashSet<>();
        for (SequencedEvent e : events) {
            productKeys.add(e.event().productKey());
            if (e.event() instanceof DeviceEvent d) {
                deviceIds.add(new DeviceId(d.productKey(), d.deviceKey()));
            }
        }
        Map<String, Long> productSeqs = storedSeqs(products, productKeys, Function.identity());
        Map<DeviceId, Long> deviceSeqs = storedSeqs(devices, deviceIds, DeviceId::asString);
        write(DeviceListChanges.fold(events, productSeqs, deviceSeqs));
    }

    void write(DeviceListChanges changes) {
        if (!changes.products().isEmpty()) {
            products.bulkWrite(changes.products().stream().map(this::productWrite).toList(), UNORDERED);
        }
        if (!changes.devices().isEmpty()) {
            devices.bulkWrite(changes.devices().stream().map(this::deviceWrite).toList(), UNORDERED);
        }
    }

    @Override
    public void clear() {
        products.drop();
        devices.drop();
        createIndexes();
    }

    private UpdateOneModel<Document> productWrite(ProductChange c) {
        Document set = new Document();
        if (c.created() != null) {
            set.append(NAME, c.created().name())
                    .append(PROTOCOL, name(c.created().protocol()))
                    .append(NODE_TYPE, name(c.created().nodeType()))
                    .append(CREATED_AT, date(c.createdAt()));
        }
        if (c.codesGranted() != null) {
            set.append(CODES_GRANTED, c.codesGranted());
        }
        if (c.codesAvailable() != null) {
            set.append(CODES_AVAILABLE, c.codesAvailable());
        }
        return new UpdateOneModel<>(Filters.eq(ID, c.productKey()), update(set, c.lastSeq()),
                new UpdateOptions().upsert(true));
    }

    private UpdateOneModel<Document> deviceWrite(DeviceChange c) {
        Document set = new Document(PRODUCT_KEY, c.device().productKey())
                .append(DEVICE_KEY, c.device().deviceKey());
        DeviceAdded added = c.added();
        if (added != null) {
            set.append(AUTH_TYPE, name(added.authType()))
                    .append(SN, added.sn())
                    .append(CROSS_REGION, added.crossRegion())
                    .append(CERTIFICATE_FINGERPRINT, added.certificateFingerprint())
                    .append(ADDED_AT, date(c.addedAt()))
                    .append(STATUS, DeviceStatus.INACTIVE.name())
                    .append(ACTIVATED_AT, null)
                    .append(DELETED, false)
                    .append(DELETED_AT, null);
        }
        if (c.fingerprintChanged()) {
            set.append(CERTIFICATE_FINGERPRINT, c.fingerprint());
        }
        if (c.activatedAt() != null) {
            set.append(STATUS, DeviceStatus.ACTIVATED.name()).append(ACTIVATED_AT, date(c.activatedAt()));
        }
        if (c.deletedAt() != null) {
            set.append(DELETED, true).append(DELETED_AT, date(c.deletedAt()));
        }
        // without an addition in the run there is nothing to create: the change only updates a stored device
        return new UpdateOneModel<>(Filters.eq(ID, c.device().asString()), update(set, c.lastSeq()),
                new UpdateOptions().upsert(c.createsDevice()));
    }

    private static Document update(Document set, long lastSeq) {
        Document update = new Document("$max", new Document(LAST_SEQ, lastSeq));
        return set.isEmpty() ? update : update.append("$set", set);
    }

    private static <K> Map<K, Long> storedSeqs(MongoCollection<Document> collection, Collection<K> keys,
                                               Function<K, String> idOf) {
        Map<String, K> byId = new HashMap<>();
        keys.forEach(k -> byId.put(idOf.apply(k), k));
        Map<K, Long> seqs = new HashMap<>();
        if (byId.isEmpty()) {
            return seqs;
        }
        for (Document d : collection.find(Filters.in(ID, byId.keySet())).projection(Projections.include(LAST_SEQ))) {
            Number seq = d.get(LAST_SEQ, Number.class);
            if (seq != null) {
                seqs.put(byId.get(d.getString(ID)), seq.longValue());
            }
        }
        return seqs;
    }
}
