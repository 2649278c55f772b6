package io.roster.command.lifecycle.adapter.out.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.roster.command.lifecycle.application.IdempotencyLeaseLostException;
import io.roster.command.lifecycle.application.IdempotencyRecord;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.contract.EncryptedSecret;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Idempotency records in the MongoDB database that holds the event store (single-database deployments). The
 * event store writes without a transaction, so the committed mark follows the commit
 * ({@link #sharesCommandTransaction()} is false).
 */
public class MongoIdempotencyStore implements IdempotencyStore {

    private final MongoCollection<Document> records;

    public MongoIdempotencyStore(MongoDatabase database) {
        this.records = database.getCollection("idempotency");
        records.createIndex(Indexes.ascending("createdAt"), new IndexOptions().name("idempotency_created_at"));
    }

    @Override
    public Claim claim(String key, String requestHash, Instant now, Instant leaseUntil, Instant expiredBefore) {
        Lease lease = new Lease(key, UUID.randomUUID().toString());
        Document fresh = new Document("_id", key).append("requestHash", requestHash).append("createdAt", Date.from(now))
                .append("leaseId", lease.id()).append("leaseUntil", Date.from(leaseUntil));
        try {
            records.insertOne(fresh);
            return new Claimed(lease);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document row = records.find(Filters.eq("_id", key)).first();
        if (row == null) {
            return claim(key, requestHash, now, leaseUntil, expiredBefore);
        }
        Date until = row.getDate("leaseUntil");
        IdempotencyRecord record = new IdempotencyRecord(row.getString("requestHash"), row.getInteger("status") != null,
                Boolean.TRUE.equals(row.getBoolean("committed")), row.getDate("createdAt").toInstant(),
                until == null ? null : until.toInstant());
        return switch (record.judge(requestHash, now, expiredBefore)) {
            case TAKE_OVER -> records.replaceOne(unchanged(row), fresh).getModifiedCount() == 1
                    ? new Claimed(lease) : claim(key, requestHash, now, leaseUntil, expiredBefore);
            case COMPLETED -> new Completed(answer(row));
            case IN_PROGRESS -> new InProgress();
            case COMMITTED -> new Committed();
            case MISMATCH -> new Mismatch();
        };
    }

    /** Matches the record only while it is as it was judged. */
    private static Bson unchanged(Document row) {
        return Filters.and(Filters.eq("_id", row.get("_id")), Filters.eq("createdAt", row.getDate("createdAt")),
                Filters.eq("leaseId", row.getString("leaseId")), Filters.eq("leaseUntil", row.getDate("leaseUntil")),
                Filters.eq("committed", row.getBoolean("committed")), Filters.eq("status", row.getInteger("status")));
    }

    private static StoredResponse answer(Document row) {
        String cipher = row.getString("bodyCipher");
        return new StoredResponse(row.getInteger("status"), row.getString("contentType"),
                cipher == null ? null : new EncryptedSecret(row.getString("bodyKeyId"), cipher));
    }

    private static Bson held(Lease lease) {
        return Filters.and(Filters.eq("_id", lease.key()), Filters.eq("leaseId", lease.id()));
    }

    @Override
    public void complete(Lease lease, StoredResponse response) {
        EncryptedSecret body = response.body();
        records.updateOne(held(lease), Updates.combine(
                Updates.set("status", response.status()),
                Updates.set("contentType", response.contentType()),
                Updates.set("bodyKeyId", body == null ? null : body.keyId()),
                Updates.set("bodyCipher", body == null ? null : body.cipher())));
    }

    @Override
    public void abandon(Lease lease, Instant now) {
        Bson unanswered = Filters.and(held(lease), Filters.exists("status", false));
        records.deleteOne(Filters.and(unanswered, Filters.ne("committed", true)));
        records.updateOne(Filters.and(unanswered, Filters.eq("committed", true)), Updates.set("leaseUntil", Date.from(now)));
    }

    @Override
    public void markCommitted(Lease lease, Instant leaseUntil) {
        long marked = records.updateOne(held(lease), Updates.combine(Updates.set("committed", true),
                Updates.set("leaseUntil", Date.from(leaseUntil)))).getMatchedCount();
        if (marked != 1) {
            throw new IdempotencyLeaseLostException(lease.key());
        }
    }

    @Override
    public void renew(Lease lease, Instant leaseUntil) {
        long renewed = records.updateOne(held(lease), Updates.set("leaseUntil", Date.from(leaseUntil))).getMatchedCount();
        if (renewed != 1) {
            throw new IdempotencyLeaseLostException(lease.key());
        }
    }

    @Override
    public boolean sharesCommandTransaction() {
        return false;
    }

    @Override
    public long purge(Instant expiredBefore) {
        return records.deleteMany(Filters.lt("createdAt", Date.from(expiredBefore))).getDeletedCount();
    }
}
