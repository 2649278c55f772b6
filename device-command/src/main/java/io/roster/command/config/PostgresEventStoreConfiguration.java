package io.roster.command.config;

import io.roster.command.auth.adapter.out.replay.JdbcReplayClaimStore;
import io.roster.command.auth.adapter.out.replay.JdbcReplayLeaseStore;
import io.roster.command.auth.adapter.out.view.CredentialViewUpdater;
import io.roster.command.auth.adapter.out.view.JdbcCredentialViewSnapshots;
import io.roster.command.auth.application.AuditTrail;
import io.roster.command.auth.application.replay.ReplayClaimStore;
import io.roster.command.auth.application.replay.ReplayLeaseStore;
import io.roster.command.lifecycle.adapter.out.idempotency.JdbcIdempotencyStore;
import io.roster.command.lifecycle.adapter.out.records.JdbcDeviceRecords;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.command.publishing.KafkaEventPublisher;
import io.roster.command.publishing.KafkaPublishing;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import io.roster.command.auth.adapter.out.audit.JdbcAuditTrail;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.util.function.Supplier;

/**
 * The default event store: PostgreSQL through Axon's JDBC engine. Its global index makes tracking
 * reads an index range scan, however long the history grows.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Profile("postgres")
class PostgresEventStoreConfiguration {

    /** The key of the advisory lock under which every table of device-command is created. */
    private static final long SCHEMA_LOCK = 0x526f_7374_6572L;

    /**
     * Runs schema creation in a transaction holding a database-wide advisory lock: instances started at once on a
     * new database would otherwise race on {@code create table if not exists}, which is not safe against itself
     * in PostgreSQL (the loser fails on the catalog's unique key and its start-up with it).
     */
    private static <T> T underSchemaLock(TransactionManager transactions, JdbcTemplate jdbc, Supplier<T> create) {
        return transactions.fetchInTransaction(() -> {
            jdbc.execute("select pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            return create.get();
        });
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          Configuration configuration, JdbcTemplate jdbcTemplate) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                // PostgreSQL's unique_violation: another instance appended this aggregate's event first, a
                // ConcurrencyException that the command gateway retries (Axon's default resolver reads vendor error
                // codes, which PostgreSQL leaves at 0, and so reported it as a plain EventStoreException)
                .persistenceExceptionResolver(new SQLStateResolver("23505"))
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                // events per query: an instance's start-up replay of the whole store reads a million events in
                // a thousand queries rather than ten thousand (docs/benchmarks.md, "Cold start")
                .batchSize(1000)
                .build();
        return underSchemaLock(transactionManager, jdbcTemplate, () -> {
            engine.createSchema(PostgresEventTableFactory.INSTANCE);
            return engine;
        });
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer defaultSerializer,
                          TransactionManager transactionManager, ObjectProvider<KafkaEventPublisher> publisher,
                          RosterCommandProperties properties, JdbcTemplate jdbcTemplate) {
        JdbcTokenStore store = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(defaultSerializer)
                .nodeId(properties.tokenOwner())
                .build();
        return KafkaPublishing.tokenStore(underSchemaLock(transactionManager, jdbcTemplate, () -> {
            store.createSchema(PostgresTokenTableFactory.INSTANCE);
            return store;
        }), publisher.getIfAvailable());
    }

    @Bean
    CredentialViewUpdater.Snapshots credentialViewSnapshots(DataSource dataSource, TransactionManager transactionManager,
                                                            JdbcTemplate jdbcTemplate) {
        JdbcCredentialViewSnapshots snapshots = new JdbcCredentialViewSnapshots(dataSource);
        return underSchemaLock(transactionManager, jdbcTemplate, () -> {
            snapshots.createSchema();
            return snapshots;
        });
    }

    @Bean
    AuditTrail auditTrail(JdbcTemplate jdbcTemplate, TransactionManager transactionManager) {
        return underSchemaLock(transactionManager, jdbcTemplate, () -> new JdbcAuditTrail(jdbcTemplate));
    }

    /**
     * Connections of the replay claims alone (the writer behind, a new lead's reads, the lease, the purge), whose
     * sessions commit
     * without waiting for the WAL flush (JdbcReplayClaimStore); the event store's own commits stay synchronous. Not
     * a {@code DataSource} bean, which would replace the application's.
     */
    @Bean
    ReplayClaimConnections replayClaimConnections(DataSourceProperties dataSource) {
        HikariDataSource pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("replay-claims");
        pool.setMaximumPoolSize(4);
        pool.setConnectionInitSql("set synchronous_commit = off");
        return new ReplayClaimConnections(pool);
    }

    /** Closed with the context. */
    record ReplayClaimConnections(HikariDataSource pool) implements AutoCloseable {
        @Override
        public void close() {
            pool.close();
        }
    }

    /** A batch written behind that takes more than 5 s is cancelled and sent again. */
    @Bean
    ReplayClaimStore replayClaimStore(ReplayClaimConnections connections, TransactionManager transactionManager,
                                      JdbcTemplate jdbcTemplate) {
        underSchemaLock(transactionManager, jdbcTemplate, () -> {
            JdbcReplayClaimStore.createSchema(jdbcTemplate);
            return null;
        });
        return new JdbcReplayClaimStore(new JdbcTemplate(connections.pool()), 5);
    }

    /** The replay claims' lead; its table is created with the claims'. */
    @Bean
    ReplayLeaseStore replayLeaseStore(ReplayClaimConnections connections, ReplayClaimStore claims) {
        return new JdbcReplayLeaseStore(new JdbcTemplate(connections.pool()));
    }

    @Bean
    IdempotencyStore idempotencyStore(JdbcTemplate jdbcTemplate, TransactionManager transactionManager) {
        return underSchemaLock(transactionManager, jdbcTemplate, () -> new JdbcIdempotencyStore(jdbcTemplate));
    }

    /** The products' device records, in the events' transaction. */
    @Bean
    JdbcDeviceRecords deviceRecords(EventStore eventStore, JdbcTemplate jdbcTemplate,
                                    PlatformTransactionManager platformTransactions,
                                    TransactionManager transactionManager) {
        underSchemaLock(transactionManager, jdbcTemplate, () -> {
            JdbcDeviceRecords.createSchema(jdbcTemplate);
            return null;
        });
        return new JdbcDeviceRecords(eventStore, jdbcTemplate, platformTransactions);
    }
}
