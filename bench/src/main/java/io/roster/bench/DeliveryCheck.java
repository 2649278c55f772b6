package io.roster.bench;

import io.roster.contract.DeviceId;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the event topic against what the benchmark was told: every acknowledged add has exactly one
 * {@code DeviceAdded} record, no event id and no (aggregate, sequence number) appears twice anywhere on the
 * topic, and the benchmark's own products have no holes in their sequence numbers. Fed one record at a time,
 * in topic order; knows nothing about Kafka.
 */
public final class DeliveryCheck {

    private static final String DEVICE_ADDED = "DeviceAdded";
    private static final int EXAMPLES = 5;

    private final Set<String> products;
    private final Set<String> expected;
    private final Set<String> uncertain;
    private final Set<String> eventIds = new HashSet<>();
    private final Map<String, BitSet> positions = new HashMap<>();
    private final Map<String, Integer> addsSeen = new HashMap<>();
    private final List<String> examples = new ArrayList<>();
    private long records;
    private long expectedSeen;
    private long undecodable;
    private long duplicateEventIds;
    private long duplicatePositions;

    /**
     * @param products  the run's product keys: their DeviceAdded records are matched against the adds
     * @param expected  {@code productKey/deviceKey} of every acknowledged add
     * @param uncertain adds whose outcome is unknown (timed out or failed in transit): may appear at most once
     */
    public DeliveryCheck(Set<String> products, Set<String> expected, Set<String> uncertain) {
        this.products = Set.copyOf(products);
        this.expected = Set.copyOf(expected);
        this.uncertain = Set.copyOf(uncertain);
    }

    /** The key a device is known by here: its {@link DeviceId} string. */
    public static String deviceId(String productKey, String deviceKey) {
        return new DeviceId(productKey, deviceKey).asString();
    }

    /** One record of the topic, decoded. */
    public void accept(String eventId, String type, String aggregateId, long sequenceNumber, String productKey,
                       String deviceKey) {
        records++;
        if (!eventIds.add(eventId)) {
            duplicateEventIds++;
            example("event id " + eventId + " twice (" + type + " " + aggregateId + "#" + sequenceNumber + ")");
        }
        if (sequenceNumber < 0 || sequenceNumber > Integer.MAX_VALUE) {
            example("impossible sequence number " + sequenceNumber + " on " + aggregateId);
        } else {
            BitSet seen = positions.computeIfAbsent(aggregateId, k -> new BitSet());
            if (seen.get((int) sequenceNumber)) {
                duplicatePositions++;
                example(aggregateId + "#" + sequenceNumber + " twice (" + type + ", event id " + eventId + ")");
            }
            seen.set((int) sequenceNumber);
        }
        if (DEVICE_ADDED.equals(type) && products.contains(productKey)) {
            String device = deviceId(productKey, deviceKey);
            if (addsSeen.merge(device, 1, Integer::sum) == 1 && expected.contains(device)) {
                expectedSeen++;
            }
        }
    }

    /** A record that could not be decoded; counted, and fails the check. */
    public void undecodable(String why) {
        records++;
        undecodable++;
        example("undecodable record: " + why);
    }

    /** Whether every acknowledged add has been seen at least once (the reader may stop waiting). */
    public boolean allExpectedSeen() {
        return expectedSeen == expected.size();
    }

    public Result result() {
        long missing = 0;
        List<String> notes = new ArrayList<>(examples);
        for (String device : expected) {
            if (!addsSeen.containsKey(device)) {
                missing++;
                if (notes.size() < 2 * EXAMPLES) {
                    notes.add("no DeviceAdded for " + device);
                }
            }
        }
        long duplicatedAdds = 0;
        long unexpected = 0;
        long uncertainSeen = 0;
        for (Map.Entry<String, Integer> seen : addsSeen.entrySet()) {
            String device = seen.getKey();
            if (seen.getValue() > 1) {
                duplicatedAdds++;
                if (notes.size() < 2 * EXAMPLES) {
                    notes.add(seen.getValue() + " DeviceAdded records for " + device);
                }
            }
            if (uncertain.contains(device)) {
                uncertainSeen++;
            } else if (!expected.contains(device)) {
                unexpected++;
                if (notes.size() < 2 * EXAMPLES) {
                    notes.add("DeviceAdded for " + device + ", which was never acknowledged");
                }
            }
        }
        long gaps = 0;
        for (String product : products) {
            BitSet seen = positions.get(product);
            if (seen == null) {
                continue;
            }
            int holes = seen.length() - seen.cardinality();
            if (holes > 0) {
                gaps += holes;
                if (notes.size() < 2 * EXAMPLES) {
                    notes.add(product + " misses sequence number " + seen.nextClearBit(0));
                }
            }
        }
        long devicesAdded = addsSeen.size();
        return new Result(records, devicesAdded, expected.size(), missing, duplicatedAdds, unexpected, uncertain.size(),
                uncertainSeen, duplicateEventIds, duplicatePositions, gaps, undecodable, List.copyOf(notes));
    }

    private void example(String note) {
        if (examples.size() < EXAMPLES) {
            examples.add(note);
        }
    }

    /**
     * What the topic showed.
     *
     * @param records            records read, whole topic
     * @param devicesSeen        distinct devices of the run's products with a DeviceAdded record
     * @param expected           acknowledged adds
     * @param missing            acknowledged adds without a DeviceAdded record
     * @param duplicatedAdds     devices of the run with more than one DeviceAdded record
     * @param unexpected         DeviceAdded records of the run's products for adds never acknowledged nor uncertain
     * @param uncertain          adds whose outcome the benchmark does not know
     * @param uncertainSeen      of those, how many have a DeviceAdded record
     * @param duplicateEventIds  event ids seen more than once, whole topic
     * @param duplicatePositions (aggregate id, sequence number) pairs seen more than once, whole topic
     * @param sequenceGaps       sequence numbers missing in the run's products' histories
     * @param undecodable        records that were not a valid envelope
     * @param notes              a few examples of what went wrong
     */
    public record Result(long records, long devicesSeen, long expected, long missing, long duplicatedAdds,
                         long unexpected, long uncertain, long uncertainSeen, long duplicateEventIds,
                         long duplicatePositions, long sequenceGaps, long undecodable, List<String> notes) {

        /** Every acknowledged add exactly once, nothing doubled or lost anywhere. */
        public boolean exactlyOnce() {
            return missing == 0 && duplicatedAdds == 0 && unexpected == 0 && duplicateEventIds == 0
                    && duplicatePositions == 0 && sequenceGaps == 0 && undecodable == 0;
        }
    }
}
