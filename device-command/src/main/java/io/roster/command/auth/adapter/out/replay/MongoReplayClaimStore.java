package io.roster.command.auth.adapter.out.replay;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import io.roster.command.auth.application.replay.ReplayClaimStore;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Binary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Replay claims in the MongoDB database that holds the event store (single-database deployments): one document per
 * batch the lead wrote behind, its claims packed in one binary field ({@link ClaimBatches}), with when it was
 * inserted and when its last claim expires, each indexed.
 */
public class MongoReplayClaimStore implements ReplayClaimStore {

    private final MongoCollection<Document> batches;

    /** Creates the collection's indexes if missing; the collection of one document per claim before it is dropped. */
    public MongoReplayClaimStore(MongoDatabase database) {
        this.batches = database.getCollection("replay_claim_batches");
        batches.createIndex(Indexes.ascending("insertedAt"), new IndexOptions().name("replay_claim_batches_inserted_at"));
        batches.createIndex(Indexes.ascending("expiresBy"), new IndexOptions().name("replay_claim_batches_expires_by"));
        database.getCollection("replay_claims").drop();
    }

    @Override
    public void store(List<Claim> claims) {
        batches.insertOne(new Document("insertedAt", new Date())
                .append("expiresBy", Date.from(ClaimBatches.expiresBy(claims)))
                .append("claims", new Binary(ClaimBatches.pack(claims))));
    }

    @Override
    public List<Claim> claimsInsertedSince(Instant insertedFrom, Instant expiringAfter) {
        List<Claim> found = new ArrayList<>();
        for (BsonDocument batch : batches.withDocumentClass(BsonDocument.class).find(Filters.and(
                Filters.gte("insertedAt", Date.from(insertedFrom)), Filters.gt("expiresBy", Date.from(expiringAfter))))
                .projection(Projections.include("claims"))) {
            ClaimBatches.unpack(batch.getBinary("claims").getData(), expiringAfter, found);
        }
        return found;
    }

    @Override
    public int purge(Instant expiredBefore, int limit) {
        List<Object> expired = new ArrayList<>();
        for (Document batch : batches.find(Filters.lt("expiresBy", Date.from(expiredBefore)))
                .projection(Projections.include("_id")).limit(limit)) {
            expired.add(batch.get("_id"));
        }
        return expired.isEmpty() ? 0 : (int) batches.deleteMany(Filters.in("_id", expired)).getDeletedCount();
    }
}
