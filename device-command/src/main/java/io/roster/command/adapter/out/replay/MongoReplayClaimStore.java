package io.roster.command.adapter.out.replay;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import io.roster.command.auth.replay.ReplayClaimStore;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Replay claims in the MongoDB database that holds the event store (single-database deployments): one document per
 * claim, its {@code _id} the fingerprint (a UUID, binary subtype 4), so the {@code _id} index is what makes a claim
 * unique. A batch is one unordered {@code insertMany}: every claim is tried, and those refused with a duplicate key
 * were claimed before, by any instance.
 */
public class MongoReplayClaimStore implements ReplayClaimStore {

    private final MongoCollection<Document> claims;

    public MongoReplayClaimStore(MongoDatabase database) {
        this.claims = database.getCollection("replay_claims");
        claims.createIndex(Indexes.ascending("insertedAt"), new IndexOptions().name("replay_claims_inserted_at"));
    }

    @Override
    public int store(List<Claim> batch) {
        return claim(batch).size();
    }

    @Override
    public Set<UUID> claim(List<Claim> batch) {
        List<Document> documents = new ArrayList<>(batch.size());
        Date now = new Date();
        for (Claim claim : batch) {
            documents.add(new Document("_id", new BsonBinary(claim.fingerprint()))
                    .append("expiresAt", Date.from(claim.expiresAt())).append("insertedAt", now));
        }
        BitSet lost = new BitSet(batch.size());
        try {
            claims.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                lost.set(error.getIndex());
            }
        }
        Set<UUID> won = new HashSet<>(batch.size() * 2);
        for (int i = 0; i < batch.size(); i++) {
            if (!lost.get(i)) {
                won.add(batch.get(i).fingerprint());
            }
        }
        return won;
    }

    @Override
    public List<Claim> claimsInsertedSince(Instant insertedFrom, Instant expiringAfter) {
        List<Claim> found = new ArrayList<>();
        for (BsonDocument document : claims.withDocumentClass(BsonDocument.class).find(Filters.and(
                Filters.gte("insertedAt", Date.from(insertedFrom)), Filters.gt("expiresAt", Date.from(expiringAfter))))) {
            found.add(new Claim(document.getBinary("_id").asUuid(),
                    Instant.ofEpochMilli(document.getDateTime("expiresAt").getValue())));
        }
        return found;
    }

    /** Found by insertion time, as in PostgreSQL ({@link JdbcReplayClaimStore#EXPIRES_WITHIN}). */
    @Override
    public int purge(Instant expiredBefore, int limit) {
        List<Object> expired = new ArrayList<>(Math.min(limit, 10_000));
        for (Document document : claims.find(Filters.lt("insertedAt",
                        Date.from(expiredBefore.minus(JdbcReplayClaimStore.EXPIRES_WITHIN))))
                .projection(Projections.include("_id")).limit(limit)) {
            expired.add(document.get("_id"));
        }
        if (expired.isEmpty()) {
            return 0;
        }
        return (int) claims.deleteMany(Filters.in("_id", expired)).getDeletedCount();
    }
}
