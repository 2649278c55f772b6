package io.roster.command.auth.adapter.out.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.roster.command.auth.application.AuditTrail;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** The audit trail in the MongoDB database of the event store. */
public class MongoAuditTrail implements AuditTrail {

    private final MongoCollection<Document> records;

    public MongoAuditTrail(MongoDatabase database) {
        this.records = database.getCollection("audit");
        records.createIndex(Indexes.ascending("at", "_id"), new IndexOptions().name("audit_at"));
    }

    @Override
    public void record(AuditRecord r) {
        records.insertOne(new Document("_id", r.id()).append("at", Date.from(r.at())).append("actor", r.actor())
                .append("source", r.source()).append("action", r.action()).append("target", r.target())
                .append("outcome", r.outcome()));
    }

    @Override
    public List<AuditRecord> find(Instant from, Instant to, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        for (Document d : records.find(Filters.and(Filters.gte("at", Date.from(from)), Filters.lt("at", Date.from(to))))
                .sort(Sorts.ascending("at", "_id")).limit(limit)) {
            out.add(new AuditRecord(d.getString("_id"), d.getDate("at").toInstant(), d.getString("actor"),
                    d.getString("source"), d.getString("action"), d.getString("target"), d.getString("outcome")));
        }
        return out;
    }
}
