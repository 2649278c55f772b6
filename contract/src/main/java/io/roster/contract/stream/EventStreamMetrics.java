package io.roster.contract.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The meters of one read side's consumer, tagged with its name and topic (see docs/operations.md).
 * Made once per read side and handed to every consumer it starts, so a restarted consumer counts on.
 */
public final class EventStreamMetrics {

    public static final String UNDECODABLE = "roster.stream.undecodable";
    public static final String STOPPED_PARTITIONS = "roster.stream.stopped.partitions";
    public static final String UNKNOWN_TYPES = "roster.stream.unknown.types";

    /**
     * Type names come from the topic: a producer that writes many of them must not grow the registry
     * without end, so past this many the rest share the tag {@value #OTHER}.
     */
    static final int MAX_UNKNOWN_TYPES = 50;
    static final String OTHER = "other";
    /** The tag of a type name that is not one (event types are Java simple names). */
    static final String INVALID = "invalid";
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter undecodable;
    private final AtomicInteger stoppedPartitions = new AtomicInteger();
    private final Map<String, Counter> unknownTypes = new ConcurrentHashMap<>();

    public EventStreamMetrics(MeterRegistry registry, String consumerName, String topic) {
        this.registry = registry;
        this.tags = Tags.of("consumer", consumerName, "topic", topic);
        this.undecodable = Counter.builder(UNDECODABLE)
                .description("records of a known event type the consumer stopped at, since it could not decode them")
                .tags(tags)
                .register(registry);
        Gauge.builder(STOPPED_PARTITIONS, stoppedPartitions, AtomicInteger::get)
                .description("partitions the consumer does not read past an undecodable record")
                .tags(tags)
                .register(registry);
    }

    void undecodable() {
        undecodable.increment();
    }

    void stoppedPartitions(int count) {
        stoppedPartitions.set(count);
    }

    /**
     * Counts a skipped record of a type this version does not know.
     *
     * @return the name the type is counted under, or empty when it was counted under it before
     */
    Optional<String> unknownType(String type) {
        String tag = tagOf(type);
        boolean[] first = {false};
        unknownTypes.computeIfAbsent(tag, t -> {
            first[0] = true;
            return Counter.builder(UNKNOWN_TYPES)
                    .description("records skipped because this version does not know their event type")
                    .tags(tags).tag("type", t)
                    .register(registry);
        }).increment();
        return first[0] ? Optional.of(tag) : Optional.empty();
    }

    /** Records skipped per unknown type, by the name each is counted under. */
    Map<String, Long> unknownTypes() {
        Map<String, Long> counts = new TreeMap<>();
        unknownTypes.forEach((type, counter) -> counts.put(type, (long) counter.count()));
        return counts;
    }

    private String tagOf(String type) {
        if (!TYPE_NAME.matcher(type).matches()) {
            return INVALID;
        }
        return unknownTypes.containsKey(type) || unknownTypes.size() < MAX_UNKNOWN_TYPES ? type : OTHER;
    }
}
