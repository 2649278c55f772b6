package io.roster.command.it;

import com.mongodb.client.MongoClient;
import io.roster.command.CommandApplication;
import io.roster.command.lifecycle.application.IdempotencyStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With MongoDB the lease is renewed before the events are stored, and the committed mark follows the commit. */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(MongoIdempotencyLeaseIT.FailingStore.class)
@ActiveProfiles("mongo")
class MongoIdempotencyLeaseIT extends IdempotencyLeaseContractIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.mongo(registry, "cmd_mongo_lease_it");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingStore {
        @Bean
        @Primary
        IdempotencyStore failingIdempotencyStore(MongoClient mongo, @Value("${roster.mongo.database}") String database) {
            return new FailingMongoIdempotencyStore(mongo.getDatabase(database), FAILURES);
        }
    }
}
