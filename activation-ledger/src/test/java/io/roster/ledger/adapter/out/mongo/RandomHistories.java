package io.roster.ledger.adapter.out.mongo;

import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.stream.EventEnvelope;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random but lawful histories, as device-command would write them: grants, adds (new keys and re-adds),
 * activations, deletions, never a code taken that is not available; several products interleaved in topic order.
 */
final class RandomHistories {

    private RandomHistories() {
    }

    static List<EventEnvelope> interleaved(Random random, int products, int eventsPerProduct) {
        List<Product> all = new ArrayList<>();
        for (int i = 0; i < products; i++) {
            all.add(new Product(new ProductHistory("pk-r" + i)));
        }
        List<EventEnvelope> topic = new ArrayList<>();
        int total = products * eventsPerProduct;
        while (topic.size() < total) {
            Product p = all.get(random.nextInt(all.size()));
            topic.add(p.next(random));
        }
        return topic;
    }

    private static final class Product {
        private final ProductHistory history;
        private final Set<String> listed = new HashSet<>();
        private final Set<String> active = new HashSet<>();
        private final Set<String> everActivated = new HashSet<>();
        private final List<String> deleted = new ArrayList<>();
        private boolean created;
        private int nextKey;

        Product(ProductHistory history) {
            this.history = history;
        }

        EventEnvelope next(Random random) {
            if (!created) {
                created = true;
                return history.created("Random", Protocol.MQTT, NodeType.DIRECT);
            }
            while (true) {
                switch (random.nextInt(6)) {
                    case 0 -> {
                        return history.granted(1 + random.nextInt(5));
                    }
                    case 1, 2 -> {
                        String key = !deleted.isEmpty() && random.nextBoolean()
                                ? deleted.get(random.nextInt(deleted.size())) : "d-" + nextKey;
                        boolean free = everActivated.contains(key);
                        if (listed.contains(key) || (!free && history.available() <= 0)) {
                            continue;
                        }
                        if (key.equals("d-" + nextKey)) {
                            nextKey++;
                        }
                        deleted.remove(key);
                        listed.add(key);
                        return history.added(key, AuthType.DYNAMIC);
                    }
                    case 3, 4 -> {
                        String key = any(random, listed, active);
                        if (key == null) {
                            continue;
                        }
                        active.add(key);
                        everActivated.add(key);
                        return history.activated(key, AuthType.DYNAMIC);
                    }
                    default -> {
                        String key = any(random, listed, Set.of());
                        if (key == null) {
                            continue;
                        }
                        listed.remove(key);
                        active.remove(key);
                        deleted.add(key);
                        return history.deleted(key);
                    }
                }
            }
        }

        private static String any(Random random, Set<String> from, Set<String> except) {
            List<String> candidates = from.stream().filter(k -> !except.contains(k)).sorted().toList();
            return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
        }
    }
}
