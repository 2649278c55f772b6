package io.roster.command.lifecycle.adapter.out.idempotency;

import io.roster.command.lifecycle.application.IdempotencyStore.Claimed;
import io.roster.command.lifecycle.application.IdempotencyStore.Lease;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL store; its committed mark belongs to the transaction it is written in. */
class JdbcIdempotencyStoreIT extends IdempotencyStoreContract {

    private static final DriverManagerDataSource DATA_SOURCE = dataSource();
    private final JdbcIdempotencyStore store = new JdbcIdempotencyStore(new JdbcTemplate(DATA_SOURCE));

    private static DriverManagerDataSource dataSource() {
        String name = "idem_store_" + Long.toHexString(System.nanoTime());
        SharedInfra.postgres().createDatabase(name);
        return new DriverManagerDataSource(SharedInfra.postgres().jdbcUrl(name), SharedInfra.postgres().user(),
                SharedInfra.postgres().password());
    }

    @Override
    IdempotencyStore store() {
        return store;
    }

    @Test
    void aMarkInATransactionThatRolledBackShouldLeaveTheKeyFreeOnceTheLeaseEnds() {
        Lease first = claimed(HASH);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE));

        transaction.executeWithoutResult(status -> {
            store.markCommitted(first, clock.instant().plus(LEASE));
            status.setRollbackOnly();
        });
        clock.advance(LEASE);

        assertThat(claim(HASH)).isInstanceOf(Claimed.class);
    }

    @Test
    void aMarkInATransactionThatCommittedShouldStay() {
        Lease first = claimed(HASH);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE));

        transaction.executeWithoutResult(status -> store.markCommitted(first, clock.instant().plus(LEASE)));
        clock.advance(LEASE);

        assertThat(claim(HASH)).isInstanceOf(IdempotencyStore.Committed.class);
    }
}
