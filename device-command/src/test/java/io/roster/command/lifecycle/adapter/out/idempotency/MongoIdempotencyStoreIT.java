package io.roster.command.lifecycle.adapter.out.idempotency;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.AfterEach;

/** The MongoDB store. */
class MongoIdempotencyStoreIT extends IdempotencyStoreContract {

    private final MongoClient client = MongoClients.create(SharedInfra.mongo().connectionString());
    private final MongoIdempotencyStore store =
            new MongoIdempotencyStore(client.getDatabase("idem_store_" + Long.toHexString(System.nanoTime())));

    @Override
    IdempotencyStore store() {
        return store;
    }

    @AfterEach
    void close() {
        client.close();
    }
}
