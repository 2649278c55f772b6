package io.roster.contract.readside.mongo;

import com.mongodb.client.MongoCollection;
import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A page of a read model's documents, the way every read side's MongoDB adapter pages its lists. */
public final class MongoPages {

    private MongoPages() {
    }

    /**
     * The documents matching {@code query} in {@code sort} order, the requested page of them, and how many
     * match in all.
     */
    public static <T> Page<T> find(MongoCollection<Document> collection, Bson query, Bson sort, PageRequest page,
                                   Function<Document, T> mapper) {
        List<T> items = collection.find(query)
                .sort(sort)
                .skip(page.offset())
                .limit(page.size())
                .map(mapper::apply)
                .into(new ArrayList<>());
        return new Page<>(items, page.page(), page.size(), collection.countDocuments(query));
    }
}
