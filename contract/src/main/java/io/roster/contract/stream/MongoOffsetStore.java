package io.roster.contract.stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a consumer has read, kept in the same database as its read model: a read model that was
 * lost takes its offsets with it, so the consumer starts again from the beginning and rebuilds it.
 */
public final class MongoOffsetStore {

    static final String COLLECTION = "stream_offsets";

    private final MongoCollection<Document> offsets;
    private final String consumerName;
    private final String topic;

    public MongoOffsetStore(MongoDatabase database, String consumerName, String topic) {
        this.offsets = database.getCollection(COLLECTION);
        this.consumerName = consumerName;
        this.topic = topic;
    }

    /** Next offset to read per partition; partitions never read are absent. */
    public Map<Integer, Long> load() {
        Map<Integer, Long> result = new HashMap<>();
        for (Document d : offsets.find(Filters.and(Filters.eq("consumer", consumerName), Filters.eq("topic", topic)))) {
            result.put(d.getInteger("partition"), d.getLong("next"));
        }
        return result;
    }

    /** Stores the next offset to read for each partition, in one round trip. */
    public void save(Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(nextOffsets.size());
        nextOffsets.forEach((partition, next) -> {
            String id = consumerName + "|" + topic + "|" + partition;
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id),
                    new Document("_id", id).append("consumer", consumerName).append("topic", topic)
                            .append("partition", partition).append("next", next),
                    new ReplaceOptions().upsert(true)));
        });
        offsets.bulkWrite(writes);
    }

    public void clear() {
        offsets.deleteMany(Filters.and(Filters.eq("consumer", consumerName), Filters.eq("topic", topic)));
    }
}
