package io.roster.command.lifecycle.adapter.out.records;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.roster.command.lifecycle.domain.DeviceRecord;
import io.roster.contract.AuthType;
import io.roster.contract.DeviceId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Device records in MongoDB, beside the event store's collections: one document per device, keyed
 * {@code productKey/deviceKey}, and one mark per product. MongoDB gives the event store no transaction to share, so
 * a record written after its events may be lost with a crash in between; the mark then lags and the next command on
 * the product catches the records up ({@link StoredDeviceRecords}).
 */
public final class MongoDeviceRecords extends StoredDeviceRecords {

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> marks;

    public MongoDeviceRecords(EventStore events, MongoDatabase database) {
        super(events);
        this.records = database.getCollection("device_records");
        this.marks = database.getCollection("device_record_marks");
    }

    @Override
    protected long mark(String productKey) {
        Document mark = marks.find(Filters.eq("_id", productKey)).first();
        return mark == null ? -1 : mark.getLong("seq");
    }

    @Override
    protected Map<String, Row> read(String productKey, Collection<String> deviceKeys) {
        Map<String, Row> rows = new HashMap<>();
        if (deviceKeys.isEmpty()) {
            return rows;
        }
        List<String> ids = deviceKeys.stream().map(key -> new DeviceId(productKey, key).asString()).toList();
        for (Document d : records.find(Filters.in("_id", ids))) {
            String authType = d.getString("authType");
            String deviceKey = d.getString("deviceKey");
            rows.put(deviceKey, new Row(deviceKey, d.getLong("seq"), new DeviceRecord(d.getBoolean("listed"),
                    authType == null ? null : AuthType.valueOf(authType), d.getBoolean("codeHeld"),
                    d.getBoolean("activated"), d.getBoolean("hasSecret"), d.getString("fingerprint"),
                    d.getBoolean("activatedOnce"))));
        }
        return rows;
    }

    /**
     * Replaces each document unless it reflects a later event; such a document makes the upsert collide on
     * {@code _id}, and that collision is the write skipped on purpose.
     */
    @Override
    protected void write(String productKey, Collection<Row> rows, long mark) {
        if (!rows.isEmpty()) {
            List<ReplaceOneModel<Document>> writes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                String id = new DeviceId(productKey, row.deviceKey()).asString();
                DeviceRecord r = row.record();
                Document document = new Document("_id", id).append("deviceKey", row.deviceKey())
                        .append("seq", row.sequence()).append("listed", r.listed())
                        .append("authType", r.authType() == null ? null : r.authType().name())
                        .append("codeHeld", r.codeHeld()).append("activated", r.activated())
                        .append("hasSecret", r.hasSecret()).append("fingerprint", r.fingerprint())
                        .append("activatedOnce", r.activatedOnce());
                writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", id), Filters.lt("seq", row.sequence())),
                        document, new ReplaceOptions().upsert(true)));
            }
            try {
                records.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                for (BulkWriteError error : e.getWriteErrors()) {
                    if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                }
            }
        }
        marks.updateOne(Filters.eq("_id", productKey), Updates.max("seq", mark), new UpdateOptions().upsert(true));
    }

    @Override
    protected void inOwnTransaction(Runnable write) {
        write.run();
    }
}
