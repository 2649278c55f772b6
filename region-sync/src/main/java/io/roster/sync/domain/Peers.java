package io.roster.sync.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the peer list of the configuration: {@code region-2=host:9092,region-3=h1:9092,h2:9092}. */
public final class Peers {

    private Peers() {
    }

    /**
     * Parses the list; a comma-separated item without {@code =} continues the bootstrap list of the peer
     * before it, so {@code region-3=h1:9092,h2:9092} is one peer with two brokers.
     *
     * @throws IllegalArgumentException on an item that names no region, a peer without brokers, a region
     *                                  named twice, or this region itself
     */
    public static List<Peer> parse(String raw, String ownRegion) {
        List<String[]> parsed = new ArrayList<>();
        if (raw != null) {
            for (String item : raw.split(",")) {
                String token = item.trim();
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                if (eq >= 0) {
                    parsed.add(new String[] {token.substring(0, eq).trim(), token.substring(eq + 1).trim()});
                } else if (parsed.isEmpty()) {
                    throw new IllegalArgumentException("peer list item '" + token
                            + "' names no region: expected regionName=kafkaBootstrap");
                } else {
                    String[] last = parsed.get(parsed.size() - 1);
                    last[1] = last[1].isEmpty() ? token : last[1] + "," + token;
                }
            }
        }
        List<Peer> peers = new ArrayList<>();
        Set<String> regions = new HashSet<>();
        for (String[] p : parsed) {
            if (p[0].isEmpty() || p[1].isEmpty()) {
                throw new IllegalArgumentException("peer '" + p[0] + "=" + p[1]
                        + "' needs both a region name and a Kafka bootstrap");
            }
            if (p[0].equals(ownRegion)) {
                throw new IllegalArgumentException("region '" + ownRegion + "' cannot be its own peer");
            }
            if (!regions.add(p[0])) {
                throw new IllegalArgumentException("peer region '" + p[0] + "' is named twice");
            }
            peers.add(new Peer(p[0], p[1]));
        }
        return List.copyOf(peers);
    }
}
