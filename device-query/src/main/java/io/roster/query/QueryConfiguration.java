package io.roster.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.readside.ProjectionAdmin;
import io.roster.contract.readside.mongo.MongoPingHealthIndicator;
import io.roster.contract.readside.stream.EventStreamHealthIndicator;
import io.roster.contract.readside.stream.EventStreamLifecycle;
import io.roster.contract.stream.EventStreamConsumer;
import io.roster.query.adapter.out.mongo.MongoDeviceListProjection;
import io.roster.query.adapter.out.mongo.MongoDeviceListReadModel;
import io.roster.query.application.DeviceListDigest;
import io.roster.query.application.DeviceListQueries;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Wires the hexagon: Mongo adapters behind the application's ports, the consumer feeding the projection. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RosterProperties.class)
class QueryConfiguration {

    @Bean
    MongoDatabase readModelDatabase(MongoClient client, RosterProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    MongoDeviceListProjection deviceListProjection(MongoDatabase readModelDatabase) {
        MongoDeviceListProjection projection = new MongoDeviceListProjection(readModelDatabase);
        projection.createIndexes();
        return projection;
    }

    @Bean
    MongoDeviceListReadModel deviceListReadModel(MongoDatabase readModelDatabase) {
        return new MongoDeviceListReadModel(readModelDatabase);
    }

    @Bean
    EventStreamLifecycle eventStream(RosterProperties properties, MongoDeviceListProjection projection,
                                     MongoDatabase readModelDatabase, MeterRegistry meters) {
        RosterProperties.Kafka kafka = properties.kafka();
        EventStreamConsumer.Settings settings = new EventStreamConsumer.Settings(kafka.bootstrapServers(), kafka.topic(),
                kafka.consumerGroup(), kafka.maxPollRecords(), kafka.sessionTimeout());
        return EventStreamLifecycle.consuming(settings, projection, readModelDatabase, meters);
    }

    @Bean
    EventStreamHealthIndicator eventStreamHealthIndicator(EventStreamLifecycle eventStream, RosterProperties properties) {
        return new EventStreamHealthIndicator(eventStream, properties.kafka().topic());
    }

    @Bean
    MongoPingHealthIndicator mongoHealthIndicator(MongoDatabase readModelDatabase) {
        return new MongoPingHealthIndicator(readModelDatabase);
    }

    @Bean
    DeviceListQueries deviceListQueries(MongoDeviceListReadModel readModel) {
        return new DeviceListQueries(readModel);
    }

    @Bean
    ProjectionAdmin projectionAdmin(MongoDeviceListReadModel readModel, EventStreamLifecycle eventStream) {
        return new ProjectionAdmin(new DeviceListDigest(readModel)::digest, eventStream, Duration.ofSeconds(30));
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Roster device-query")
                .description("The device list read model: products, their activation codes and devices.")
                .version("v1"));
    }
}
