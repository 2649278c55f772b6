package io.roster.sync;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.roster.contract.readside.mongo.MongoPingHealthIndicator;
import io.roster.sync.application.PeerDirectory;
import io.roster.sync.domain.Peers;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires region-sync; a malformed peer list stops the start with a message that says what is wrong. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RosterProperties.class)
class SyncConfiguration {

    @Bean
    MongoDatabase syncDatabase(MongoClient client, RosterProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    MongoPingHealthIndicator mongoHealthIndicator(MongoDatabase syncDatabase) {
        return new MongoPingHealthIndicator(syncDatabase);
    }

    @Bean
    PeerDirectory peerDirectory(RosterProperties properties) {
        return new PeerDirectory(Peers.parse(properties.peers(), properties.region()));
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Roster region-sync")
                .description("Replication of cross-region devices between regions.")
                .version("v1"));
    }
}
