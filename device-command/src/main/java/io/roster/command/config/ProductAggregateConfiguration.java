package io.roster.command.config;

import com.fasterxml.jackson.databind.Module;
import io.roster.command.lifecycle.adapter.out.axon.BoundedAggregateCache;
import io.roster.command.lifecycle.adapter.out.axon.ConflictRetryScheduler;
import io.roster.command.lifecycle.adapter.out.axon.FreshCachingRepository;
import io.roster.command.lifecycle.adapter.out.axon.ProductSnapshotJson;
import io.roster.command.lifecycle.adapter.out.records.StoredDeviceRecords;
import org.axonframework.common.Registration;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.modelling.command.Repository;
import io.roster.command.lifecycle.domain.Product;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How product aggregates are kept and loaded: a bounded strong cache, snapshots every
 * {@code roster.aggregates.snapshot-interval} events taken on a background thread, and only snapshots of
 * the current format read back.
 */
@Configuration(proxyBeanMethods = false)
class ProductAggregateConfiguration {

    /** Keeps product aggregates in memory between commands; a cold load starts from the latest snapshot. */
    @Bean
    Cache productCache(RosterCommandProperties properties) {
        return new BoundedAggregateCache(properties.aggregates().cacheSize());
    }

    /** Product aggregates, cached but checked against the event store before each command (several instances). */
    @Bean
    Repository<Product> productRepository(EventStore eventStore, Cache productCache,
                                          SnapshotTriggerDefinition productSnapshotTrigger,
                                          ParameterResolverFactory parameterResolverFactory,
                                          HandlerDefinition handlerDefinition) {
        return new FreshCachingRepository<>(EventSourcingRepository.builder(Product.class)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .snapshotTriggerDefinition(productSnapshotTrigger), eventStore, productCache);
    }

    /**
     * Keeps the products' device records: every unit of work's events reach them after they are appended and
     * before the unit of work commits.
     */
    @Bean
    Registration deviceRecordsSubscription(EventStore eventStore, StoredDeviceRecords deviceRecords) {
        return eventStore.subscribe(deviceRecords::record);
    }

    /**
     * The command gateway, retrying a command whose aggregate another instance changed between its load and its
     * commit. The retries run on one daemon thread of their own.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "roster-command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder().commandBus(commandBus)
                .retryScheduler(new ConflictRetryScheduler(retries, 6, 10)).build();
    }

    @Bean
    SnapshotTriggerDefinition productSnapshotTrigger(Snapshotter snapshotter, RosterCommandProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.aggregates().snapshotInterval());
    }

    /**
     * The product snapshot's JSON. Spring Boot registers every Jackson module bean with the application's
     * ObjectMapper, and Axon's serializers (axon.serializer.*: jackson) are built on that ObjectMapper.
     */
    @Bean
    Module productSnapshotJson() {
        return new ProductSnapshotJson();
    }

    /** A snapshot of an earlier format is skipped: the product is rebuilt from its events, then snapshotted anew. */
    @Bean
    SnapshotFilter productSnapshotFilter() {
        return RevisionSnapshotFilter.builder().type(Product.class).revision(Product.SNAPSHOT_REVISION).build();
    }

    /**
     * A snapshot reads the product's latest snapshot and the events after it, and writes the product. Axon's
     * default runs it in the command's thread, after the commit but before the aggregate's lock is released, so
     * every command to that product waited for it. Here one background (daemon) thread takes them; Axon skips a snapshot already under way for the same aggregate.
     * The executor is not a bean of its own: an {@code Executor} bean would make Spring Boot drop its
     * application task executor.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration axon,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory) {
        ExecutorService snapshotThread = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "roster-snapshotter");
            thread.setDaemon(true);
            return thread;
        });
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(axon::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotThread)
                .build();
    }
}
