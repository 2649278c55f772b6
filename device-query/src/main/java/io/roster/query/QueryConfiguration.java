package io.roster.query;

import com.mongodb.client.MongoDatabase;
import io.roster.contract.readside.ProjectionDigest.Digest;
import io.roster.contract.readside.config.ReadSideConfiguration;
import io.roster.query.adapter.out.mongo.MongoDeviceListProjection;
import io.roster.query.adapter.out.mongo.MongoDeviceListReadModel;
import io.roster.query.application.DeviceListDigest;
import io.roster.query.application.DeviceListQueries;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.function.Supplier;

/**
 * Wires the hexagon: Mongo adapters behind the application's ports; the consumer feeding the projection,
 * the health, the admin and the access rules come from the read-side kit ({@link ReadSideConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import(ReadSideConfiguration.class)
class QueryConfiguration {

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
    DeviceListQueries deviceListQueries(MongoDeviceListReadModel readModel) {
        return new DeviceListQueries(readModel);
    }

    @Bean
    Supplier<Digest> projectionDigest(MongoDeviceListReadModel readModel) {
        return new DeviceListDigest(readModel)::digest;
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Roster device-query")
                .description("The device list read model: products, their activation codes and devices.")
                .version("v1"));
    }
}
