package io.roster.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoServerIT {

    @Test
    void insertedDocumentShouldBeFound() {
        EmbeddedMongoServer mongo = SharedInfra.mongo();
        String database = "test_" + UUID.randomUUID().toString().replace("-", "");
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> devices = client.getDatabase(database).getCollection("devices");
            devices.insertOne(new Document("_id", "pk/dk").append("status", "INACTIVE"));

            assertThat(devices.find(Filters.eq("_id", "pk/dk")).first())
                    .isNotNull()
                    .containsEntry("status", "INACTIVE");
        }
        assertThat(mongo.connectionString()).isEqualTo("mongodb://localhost:" + mongo.port());
    }

    @Test
    void h2BackendShouldKeepADocumentAcrossRestart(@TempDir Path dir) {
        Path file = dir.resolve("mongo/region-1.mv");
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(0, file);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("roster").getCollection("devices").insertOne(new Document("_id", "pk/dk"));
        }
        assertThat(file).exists();

        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(0, file);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(client.getDatabase("roster").getCollection("devices").countDocuments()).isEqualTo(1);
        }
    }
}
