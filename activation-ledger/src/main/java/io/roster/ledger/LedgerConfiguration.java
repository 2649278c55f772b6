package io.roster.ledger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventStreamConsumer;
import io.roster.contract.stream.MongoOffsetStore;
import io.roster.ledger.adapter.in.kafka.EventStreamHealthIndicator;
import io.roster.ledger.adapter.in.kafka.EventStreamLifecycle;
import io.roster.ledger.adapter.out.mongo.MongoLedgerProjection;
import io.roster.ledger.adapter.out.mongo.MongoLedgerReadModel;
import io.roster.ledger.adapter.out.mongo.MongoPingHealthIndicator;
import io.roster.ledger.application.LedgerQueries;
import io.roster.ledger.application.ProjectionAdmin;
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
                                     MongoDatabase ledgerDatabase) {
        RosterProperties.Kafka kafka = properties.kafka();
        EventStreamConsumer.Settings settings = new EventStreamConsumer.Settings(kafka.bootstrapServers(), kafka.topic(),
                kafka.consumerGroup(), kafka.maxPollRecords());
        MongoOffsetStore offsets = new MongoOffsetStore(ledgerDatabase, kafka.consumerGroup(), kafka.topic());
        EventCodec codec = new EventCodec();
        return new EventStreamLifecycle(() -> new EventStreamConsumer(settings, projection, offsets, codec));
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
        return new ProjectionAdmin(readModel, eventStream, Duration.ofSeconds(30));
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Roster activation-ledger")
                .description("Activation codes per product and per device key, counted from the event history.")
                .version("v1"));
    }
}
