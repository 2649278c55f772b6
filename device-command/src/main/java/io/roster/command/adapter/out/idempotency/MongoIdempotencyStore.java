package io.roster.command.adapter.out.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.roster.command.application.IdempotencyStore;
import io.roster.contract.EncryptedSecret;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/** Idempotency records in the MongoDB database that holds the event store (single-database deployments). */
public class MongoIdempotencyStore implements IdempotencyStore {

    private final MongoCollection<Document> records;

    public MongoIdempotencyStore(MongoDatabase database) {
        this.records = database.getCollection("idempotency");
        records.createIndex(Indexes.ascending("createdAt"), new IndexOptions().name("idempotency_created_at"));
    }

    @Override
    public Claim claim(String key, String requestHash, Instant now, Instant expiredBefore) {
        try {
            records.insertOne(new Document("_id", key).append("requestHash", requestHash)
                    .append("createdAt", Date.from(now)));
            return new Claimed();
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document row = records.find(Filters.eq("_id", key)).first();
        if (row == null) {
            return claim(key, requestHash, now, expiredBefore);
        }
        Date createdAt = row.getDate("createdAt");
        if (createdAt.toInstant().isBefore(expiredBefore)) {
            long taken = records.replaceOne(Filters.and(Filters.eq("_id", key), Filters.eq("createdAt", createdAt)),
                    new Document("_id", key).append("requestHash", requestHash).append("createdAt", Date.from(now)))
                    .getModifiedCount();
            return taken == 1 ? new Claimed() : claim(key, requestHash, now, expiredBefore);
        }
        if (!requestHash.equals(row.getString("requestHash"))) {
            return new Mismatch();
        }
        Integer status = row.getInteger("status");
        if (status == null) {
            return new InProgress();
        }
        String cipher = row.getString("bodyCipher");
        return new Completed(new StoredResponse(status, row.getString("contentType"),
                cipher == null ? null : new EncryptedSecret(row.getString("bodyKeyId"), cipher)));
    }

    @Override
    public void complete(String key, StoredResponse response) {
        EncryptedSecret body = response.body();
        records.updateOne(Filters.eq("_id", key), Updates.combine(
                Updates.set("status", response.status()),
                Updates.set("contentType", response.contentType()),
                Updates.set("bodyKeyId", body == null ? null : body.keyId()),
                Updates.set("bodyCipher", body == null ? null : body.cipher())));
    }

    @Override
    public void release(String key) {
        records.deleteOne(Filters.and(Filters.eq("_id", key), Filters.exists("status", false)));
    }

    @Override
    public long purge(Instant expiredBefore) {
        return records.deleteMany(Filters.lt("createdAt", Date.from(expiredBefore))).getDeletedCount();
    }
}
