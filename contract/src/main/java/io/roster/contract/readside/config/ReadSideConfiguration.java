package io.roster.contract.readside.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.readside.ProjectionAdmin;
import io.roster.contract.readside.ProjectionDigest.Digest;
import io.roster.contract.readside.mongo.MongoPingHealthIndicator;
import io.roster.contract.readside.stream.EventStreamHealthIndicator;
import io.roster.contract.readside.stream.EventStreamLifecycle;
import io.roster.contract.stream.EventStreamConsumer;
import io.roster.contract.stream.Projection;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What every read side wires the same way: its MongoDB database, the stream consumer feeding its one
 * {@link Projection} (offsets kept in that database), their health, the admin's digest and rebuild, and
 * the access rules. A read side imports it and declares only its own beans: the projection, its read
 * model and queries, and a {@code Supplier<Digest>} of its business content.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadSideProperties.class)
@Import(ReadSideSecurityConfiguration.class)
public class ReadSideConfiguration {

    @Bean
    MongoDatabase readModelDatabase(MongoClient client, ReadSideProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    EventStreamLifecycle eventStream(ReadSideProperties properties, Projection projection,
                                     MongoDatabase readModelDatabase, MeterRegistry meters) {
        ReadSideProperties.Kafka kafka = properties.kafka();
        EventStreamConsumer.Settings settings = new EventStreamConsumer.Settings(kafka.bootstrapServers(), kafka.topic(),
                kafka.consumerGroup(), kafka.maxPollRecords(), kafka.sessionTimeout());
        return EventStreamLifecycle.consuming(settings, projection, readModelDatabase, meters);
    }

    @Bean
    EventStreamHealthIndicator eventStreamHealthIndicator(EventStreamLifecycle eventStream,
                                                          ReadSideProperties properties) {
        return new EventStreamHealthIndicator(eventStream, properties.kafka().topic());
    }

    @Bean
    MongoPingHealthIndicator mongoHealthIndicator(MongoDatabase readModelDatabase) {
        return new MongoPingHealthIndicator(readModelDatabase);
    }

    @Bean
    ProjectionAdmin projectionAdmin(Supplier<Digest> projectionDigest, EventStreamLifecycle eventStream) {
        return new ProjectionAdmin(projectionDigest, eventStream, Duration.ofSeconds(30));
    }
}
