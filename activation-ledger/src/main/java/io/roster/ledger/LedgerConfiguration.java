package io.roster.ledger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.readside.ProjectionAdmin;
import io.roster.contract.readside.mongo.MongoPingHealthIndicator;
import io.roster.contract.readside.stream.EventStreamHealthIndicator;
import io.roster.contract.readside.stream.EventStreamLifecycle;
import io.roster.contract.stream.EventStreamConsumer;
import io.roster.ledger.adapter.out.mongo.MongoLedgerProjection;
import io.roster.ledger.adapter.out.mongo.MongoLedgerReadModel;
import io.roster.ledger.application.LedgerDigest;
import io.roster.ledger.application.LedgerQueries;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Wires the hexagon: Mongo adapters behind the application's ports, the consumer feeding the ledger. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RosterProperties.class)
class LedgerConfiguration {

    @Bean
    MongoDatabase ledgerDatabase(MongoClient client, RosterProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    MongoLedgerProjection ledgerProjection(MongoDatabase ledgerDatabase, MeterRegistry meters) {
        MongoLedgerProjection projection = new MongoLedgerProjection(ledgerDatabase, meters);
        projection.createIndexes();
        return projection;
    }

    @Bean
    MongoLedgerReadModel ledgerReadModel(MongoDatabase ledgerDatabase) {
        return new MongoLedgerReadModel(ledgerDatabase);
    }

    @Bean
    EventStreamLifecycle eventStream(RosterProperties properties, MongoLedgerProjection projection,
                                     MongoDatabase ledgerDatabase, MeterRegistry meters) {
        RosterProperties.Kafka kafka = properties.kafka();
        EventStreamConsumer.Settings settings = new EventStreamConsumer.Settings(kafka.bootstrapServers(), kafka.topic(),
                kafka.consumerGroup(), kafka.maxPollRecords(), kafka.sessionTimeout());
        return EventStreamLifecycle.consuming(settings, projection, ledgerDatabase, meters);
    }

    @Bean
    EventStreamHealthIndicator eventStreamHealthIndicator(EventStreamLifecycle eventStream, RosterProperties properties) {
        return new EventStreamHealthIndicator(eventStream, properties.kafka().topic());
    }

    @Bean
    MongoPingHealthIndicator mongoHealthIndicator(MongoDatabase ledgerDatabase) {
        return new MongoPingHealthIndicator(ledgerDatabase);
    }

    @Bean
    LedgerQueries ledgerQueries(MongoLedgerReadModel readModel) {
        return new LedgerQueries(readModel);
    }

    @Bean
    ProjectionAdmin projectionAdmin(MongoLedgerReadModel readModel, EventStreamLifecycle eventStream) {
        return new ProjectionAdmin(new LedgerDigest(readModel)::digest, eventStream, Duration.ofSeconds(30));
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Roster activation-ledger")
                .description("Activation codes per product and per device key, counted from the event history.")
                .version("v1"));
    }
}
