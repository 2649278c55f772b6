package io.roster.command.config;

import io.roster.command.publishing.CommitWatcher;
import io.roster.command.publishing.KafkaEventPublisher;
import io.roster.command.publishing.KafkaPublishing;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventRecords;
import io.roster.contract.stream.TopicAdmin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.context.annotation.Configuration;

/**
 * The publisher of every event to the topic, as one single-segment tracking processor. Nothing here needs Kafka
 * to start: the topic is created, and its tail read, on the publisher's own thread, so an instance started while
 * Kafka is down serves commands and decisions and publishes once Kafka answers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "roster.kafka.publisher-enabled", havingValue = "true", matchIfMissing = true)
class KafkaPublishingConfiguration {

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> eventProducer(RosterCommandProperties properties) {
        RosterCommandProperties.Kafka kafka = properties.kafka();
        return new KafkaProducer<>(EventRecords.producerSettings(kafka.bootstrapServers(),
                "device-command-publisher-" + properties.region()));
    }

    @Bean
    KafkaEventPublisher kafkaEventPublisher(Producer<String, byte[]> producer, RosterCommandProperties properties,
                                            EventStore eventStore) {
        RosterCommandProperties.Kafka kafka = properties.kafka();
        return KafkaPublishing.publisher(producer, new EventCodec(), kafka.bootstrapServers(), kafka.topic(),
                properties.region(), kafka.tailScanRecords(), eventStore, properties.mongo().trackingLookBack(),
                () -> TopicAdmin.ensureTopic(kafka.bootstrapServers(), kafka.topic(), kafka.partitions(),
                        kafka.replicationFactor()));
    }

    /**
     * Only the MongoDB event store's stream can skip a committed event for good (its time-window tracking, when a
     * commit becomes visible later than the look-back); PostgreSQL's tracks the gaps in its global index and hands
     * late commits out, so there the publisher needs no record of what commits.
     */
    @Bean
    @Profile("mongo")
    CommitWatcher commitWatcher(KafkaEventPublisher publisher) {
        return KafkaPublishing.commitWatcher(publisher);
    }

    /**
     * A failed publish must fail the batch, so the token does not move. The processor itself (one
     * segment, batch size) is set by {@code axon.eventhandling.processors.kafka-publisher} in
     * application.yml: Axon's Spring Boot support lets those properties win over a configurer's.
     */
    @Autowired
    void configureProcessor(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(KafkaEventPublisher.PROCESSING_GROUP,
                c -> PropagatingErrorHandler.instance());
    }
}
