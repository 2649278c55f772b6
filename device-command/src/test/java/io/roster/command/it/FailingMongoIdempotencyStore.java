package io.roster.command.it;

import com.mongodb.client.MongoDatabase;
import io.roster.command.lifecycle.adapter.out.idempotency.MongoIdempotencyStore;

import java.time.Instant;

/** The real MongoDB store, failing as {@link StoreFailures} says (its renewal is what precedes the events). */
class FailingMongoIdempotencyStore extends MongoIdempotencyStore {

    private final StoreFailures failures;

    FailingMongoIdempotencyStore(MongoDatabase database, StoreFailures failures) {
        super(database);
        this.failures = failures;
    }

    @Override
    public void complete(Lease lease, StoredResponse response) {
        failures.storingAnswer(lease.key());
        super.complete(lease, response);
    }

    @Override
    public void abandon(Lease lease, Instant now) {
        failures.endingLease(lease.key());
        super.abandon(lease, now);
    }

    @Override
    public void renew(Lease lease, Instant leaseUntil) {
        failures.beforeCommit(lease.key());
        super.renew(lease, leaseUntil);
    }
}
