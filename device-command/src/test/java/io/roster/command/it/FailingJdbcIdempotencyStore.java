package io.roster.command.it;

import io.roster.command.lifecycle.adapter.out.idempotency.JdbcIdempotencyStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;

/** The real PostgreSQL store, failing as {@link StoreFailures} says. */
class FailingJdbcIdempotencyStore extends JdbcIdempotencyStore {

    private final StoreFailures failures;

    FailingJdbcIdempotencyStore(JdbcTemplate jdbc, StoreFailures failures) {
        super(jdbc);
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
    public void markCommitted(Lease lease, Instant leaseUntil) {
        failures.beforeCommit(lease.key());
        super.markCommitted(lease, leaseUntil);
    }
}
