package io.roster.command.auth.adapter.out.replay;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.roster.command.auth.application.replay.ReplayLeaseStore;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * The replay claims' lead in MongoDB: one document of {@code replay_lead}, changed by conditional
 * {@code findOneAndUpdate}s. MongoDB offers no server clock to a plain update, so the instants are the instances'
 * clocks: with this store, instances must keep their clocks within a fraction of a second of each other (NTP), as
 * docs/operations.md says.
 */
public class MongoReplayLeaseStore implements ReplayLeaseStore {

    private static final String ID = "lead";

    private final MongoCollection<Document> lead;
    private final Clock clock;

    public MongoReplayLeaseStore(MongoDatabase database, Clock clock) {
        this.lead = database.getCollection("replay_lead");
        this.clock = clock;
    }

    @Override
    public Lease read() {
        Instant now = clock.instant();
        Document document = lead.find(Filters.eq("_id", ID)).first();
        return document == null ? new Lease(null, null, Instant.EPOCH, Instant.EPOCH, now) : lease(document, now);
    }

    @Override
    public Optional<Lease> acquire(String owner, String url, Duration term) {
        Instant now = clock.instant();
        try {
            Document taken = lead.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", ID), url == null
                            ? Filters.or(Filters.eq("owner", null), Filters.lte("leaseUntil", Date.from(now)))
                            : Filters.or(Filters.eq("owner", null), Filters.lte("leaseUntil", Date.from(now)),
                                    Filters.eq("url", url))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("url", url),
                            Updates.set("acquiredAt", Date.from(now)), Updates.set("leaseUntil", Date.from(now.plus(term)))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            return Optional.ofNullable(taken).map(document -> lease(document, now));
        } catch (MongoServerException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                // the document exists and another holds it: the upsert's insert met its _id
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Lease> renew(String owner, Duration term) {
        Instant now = clock.instant();
        Document renewed = lead.findOneAndUpdate(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                Updates.set("leaseUntil", Date.from(now.plus(term))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(renewed).map(document -> lease(document, now));
    }

    @Override
    public void release(String owner) {
        lead.updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                Updates.combine(Updates.set("owner", null), Updates.set("url", null),
                        Updates.set("leaseUntil", Date.from(clock.instant()))));
    }

    private static Lease lease(Document document, Instant now) {
        return new Lease(document.getString("owner"), document.getString("url"),
                document.getDate("acquiredAt").toInstant(), document.getDate("leaseUntil").toInstant(), now);
    }
}
