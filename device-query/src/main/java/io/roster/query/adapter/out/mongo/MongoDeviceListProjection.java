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
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceEvent;
import io.roster.contract.event.ProductReplicated;
import io.roster.contract.readside.SequencedEvent;
import io.roster.contract.stream.ConsumedEvent;
import io.roster.contract.stream.Projection;
import io.roster.query.domain.DeviceChange;
import io.roster.query.domain.DeviceListChanges;
import io.roster.query.domain.DeviceListChanges.Recorded;
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
 * <p>Secrets carried by events (encrypted product and device secrets) are never written: of a secret issued or a
 * fingerprint pinned in this region for another region's device, only the fingerprint is kept.
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
            new IndexModel(Indexes.ascending(PRODUCT_KEY, DELETED, CROSS_REGION, DEVICE_KEY),
                    new IndexOptions().name("devices_by_product_cross_region")),
            // not unique: a tombstone keeps its SN, which the command side may hand to another device
            new IndexModel(Indexes.ascending(PRODUCT_KEY, SN),
                    new IndexOptions().name("devices_by_product_sn")),
            // the cross-region device list, whole or of one product, in productKey/deviceKey order
            new IndexModel(Indexes.ascending(CROSS_REGION_LISTED, PRODUCT_KEY, DEVICE_KEY),
                    new IndexOptions().name("cross_region_devices")),
            new IndexModel(Indexes.ascending(CROSS_REGION_LISTED, HOME_REGION, PRODUCT_KEY, DEVICE_KEY),
                    new IndexOptions().name("cross_region_devices_by_home")));

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
        List<Recorded> events = batch.stream()
                .map(c -> new Recorded(SequencedEvent.of(c), c.envelope().region()))
                .toList();
        Set<String> productKeys = new LinkedHashSet<>();
        Set<DeviceId> deviceIds = new LinkedHashSet<>();
        for (Recorded recorded : events) {
            SequencedEvent e = recorded.event();
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
                    .append(CREATED_AT, date(c.createdAt()))
                    .append(HOME_REGION, c.homeRegion())
                    .append(REPLICA, false);
        }
        Document setOnInsert = new Document();
        ProductReplicated replicated = c.replicated();
        if (replicated != null) {
            // a copy holds no codes here: they are granted and counted at home
            set.append(NAME, replicated.name())
                    .append(PROTOCOL, name(replicated.protocol()))
                    .append(NODE_TYPE, name(replicated.nodeType()))
                    .append(HOME_REGION, replicated.homeRegion())
                    .append(REPLICA, true)
                    .append(CODES_GRANTED, 0L)
                    .append(CODES_AVAILABLE, 0L);
            setOnInsert.append(CREATED_AT, date(c.replicatedAt()));
        }
        if (c.codesGranted() != null) {
            set.append(CODES_GRANTED, c.codesGranted());
        }
        if (c.codesAvailable() != null) {
            set.append(CODES_AVAILABLE, c.codesAvailable());
        }
        return new UpdateOneModel<>(Filters.eq(ID, c.productKey()), update(set, setOnInsert, c.lastSeq()),
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
                    .append(DELETED_AT, null)
                    .append(HOME_REGION, c.homeRegion())
                    .append(REPLICA, false);
        }
        Document setOnInsert = new Document();
        CrossRegionDeviceReplicated copy = c.copy();
        if (copy != null) {
            set.append(AUTH_TYPE, name(copy.authType()))
                    .append(SN, copy.sn())
                    .append(HOME_REGION, copy.homeRegion())
                    .append(HOME_ACTIVATED, copy.activated())
                    .append(REPLICA, true)
                    .append(CROSS_REGION, true);
            if (c.connectedAt() == null && c.removedAt() == null) {
                // a new copy is on the cross-region list only: it enters the device list when it connects here
                setOnInsert.append(CONNECTED, false).append(DELETED, true);
            }
        }
        if (c.connectedAt() != null) {
            set.append(CONNECTED, true)
                    .append(DELETED, false)
                    .append(DELETED_AT, null)
                    .append(STATUS, DeviceStatus.ACTIVATED.name())
                    .append(ADDED_AT, date(c.connectedAt()))
                    .append(ACTIVATED_AT, date(c.connectedAt()));
        }
        if (c.removedAt() != null) {
            set.append(CONNECTED, false).append(DELETED, true).append(DELETED_AT, date(c.removedAt()));
        }
        if (c.crossRegion() != null) {
            set.append(CROSS_REGION, c.crossRegion());
        }
        if (c.crossRegionListed() != null) {
            set.append(CROSS_REGION_LISTED, c.crossRegionListed());
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
        return new UpdateOneModel<>(Filters.eq(ID, c.device().asString()), update(set, setOnInsert, c.lastSeq()),
                new UpdateOptions().upsert(c.createsDevice()));
    }

    private static Document update(Document set, Document setOnInsert, long lastSeq) {
        Document update = new Document("$max", new Document(LAST_SEQ, lastSeq));
        if (!set.isEmpty()) {
            update.append("$set", set);
        }
        if (!setOnInsert.isEmpty()) {
            update.append("$setOnInsert", setOnInsert);
        }
        return update;
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
