package io.roster.command.config;

import com.mongodb.client.MongoClient;
import io.roster.command.auth.adapter.out.audit.MongoAuditTrail;
import io.roster.command.auth.adapter.out.replay.MongoReplayClaimStore;
import io.roster.command.auth.adapter.out.replay.MongoReplayLeaseStore;
import io.roster.command.auth.application.AuditTrail;
import io.roster.command.auth.application.replay.ReplayClaimStore;
import io.roster.command.auth.application.replay.ReplayLeaseStore;
import io.roster.command.lifecycle.adapter.out.idempotency.MongoIdempotencyStore;
import io.roster.command.lifecycle.adapter.out.records.MongoDeviceRecords;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.command.publishing.KafkaEventPublisher;
import io.roster.command.publishing.KafkaPublishing;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

import java.time.Clock;

/**
 * The alternative event store for single-database deployments: MongoDB through Axon's Mongo extension.
 * Its Spring Boot starter does not wire an event store under Axon 4.13, so the beans are declared here.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Profile("mongo")
class MongoEventStoreConfiguration {

    @Bean
    MongoTemplate axonMongoTemplate(MongoClient mongoClient, RosterCommandProperties properties) {
        return DefaultMongoTemplate.builder().mongoDatabase(mongoClient, properties.mongo().database()).build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoTemplate template, Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration configuration, RosterCommandProperties properties) {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .mongoTemplate(template)
                .storageStrategy(new DocumentPerEventStorageStrategy(EventEntryConfiguration.getDefault(),
                        properties.mongo().trackingLookBack()))
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .build();
        engine.ensureIndexes();
        return engine;
    }

    /**
     * Axon's default event store keeps the last 10,000 events read, each with its own copy of the tracking
     * token; a MongoDB token holds every event id of its look-back window, so under load that cache alone
     * outgrew device-command's heap (10 million map entries at a 3-s look-back). With one tracking processor
     * (the publisher) there is nothing to share: it reads the storage engine directly.
     */
    @Bean
    EventStore eventStore(EventStorageEngine eventStorageEngine, Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(eventStorageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .optimizeEventConsumption(false)
                .build();
    }

    @Bean
    TokenStore tokenStore(MongoTemplate template, Serializer defaultSerializer,
                          ObjectProvider<KafkaEventPublisher> publisher, RosterCommandProperties properties) {
        MongoTokenStore store = MongoTokenStore.builder()
                .mongoTemplate(template)
                .serializer(defaultSerializer)
                .nodeId(properties.tokenOwner())
                .build();
        return KafkaPublishing.tokenStore(store, publisher.getIfAvailable());
    }

    @Bean
    AuditTrail auditTrail(MongoClient mongoClient, RosterCommandProperties properties) {
        return new MongoAuditTrail(mongoClient.getDatabase(properties.mongo().database()));
    }

    @Bean
    ReplayClaimStore replayClaimStore(MongoClient mongoClient, RosterCommandProperties properties) {
        return new MongoReplayClaimStore(mongoClient.getDatabase(properties.mongo().database()));
    }

    @Bean
    ReplayLeaseStore replayLeaseStore(MongoClient mongoClient, RosterCommandProperties properties, Clock clock) {
        return new MongoReplayLeaseStore(mongoClient.getDatabase(properties.mongo().database()), clock);
    }

    @Bean
    IdempotencyStore idempotencyStore(MongoClient mongoClient, RosterCommandProperties properties) {
        return new MongoIdempotencyStore(mongoClient.getDatabase(properties.mongo().database()));
    }

    /** The products' device records, written after the events (MongoDB has no transaction to share with them). */
    @Bean
    MongoDeviceRecords deviceRecords(EventStore eventStore, MongoClient mongoClient, RosterCommandProperties properties) {
        return new MongoDeviceRecords(eventStore, mongoClient.getDatabase(properties.mongo().database()));
    }
}
