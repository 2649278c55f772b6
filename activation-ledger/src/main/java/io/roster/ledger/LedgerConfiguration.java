package io.roster.ledger;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.readside.ProjectionDigest.Digest;
import io.roster.contract.readside.config.ReadSideConfiguration;
import io.roster.ledger.adapter.out.mongo.MongoLedgerProjection;
import io.roster.ledger.adapter.out.mongo.MongoLedgerReadModel;
import io.roster.ledger.application.LedgerDigest;
import io.roster.ledger.application.LedgerQueries;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.function.Supplier;

/**
 * Wires the hexagon: Mongo adapters behind the application's ports; the consumer feeding the ledger,
 * the health, the admin and the access rules come from the read-side kit ({@link ReadSideConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import(ReadSideConfiguration.class)
class LedgerConfiguration {

    @Bean
    MongoLedgerProjection ledgerProjection(MongoDatabase readModelDatabase, MeterRegistry meters) {
        MongoLedgerProjection projection = new MongoLedgerProjection(readModelDatabase, meters);
        projection.createIndexes();
        return projection;
    }

    @Bean
    MongoLedgerReadModel ledgerReadModel(MongoDatabase readModelDatabase) {
        return new MongoLedgerReadModel(readModelDatabase);
    }

    @Bean
    LedgerQueries ledgerQueries(MongoLedgerReadModel readModel) {
        return new LedgerQueries(readModel);
    }

    @Bean
    Supplier<Digest> projectionDigest(MongoLedgerReadModel readModel) {
        return new LedgerDigest(readModel)::digest;
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Roster activation-ledger")
                .description("Activation codes per product and per device key, counted from the event history.")
                .version("v1"));
    }
}
