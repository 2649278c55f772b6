package io.roster.command.it;

import com.mongodb.client.MongoClient;
import io.roster.command.CommandApplication;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;

@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("mongo")
class MongoDeviceCommandIT extends DeviceCommandContractIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.mongo(registry, "cmd_mongo_it");
    }

    @Autowired
    MongoClient mongo;
    @Value("${roster.mongo.database}")
    String database;

    @Override
    String storedEventText(String productKey) {
        List<String> all = new ArrayList<>();
        for (String collection : List.of("domainevents", "snapshotevents", "idempotency")) {
            mongo.getDatabase(database).getCollection(collection).find().map(Document::toJson).into(all);
        }
        return String.join("\n", all);
    }
}
