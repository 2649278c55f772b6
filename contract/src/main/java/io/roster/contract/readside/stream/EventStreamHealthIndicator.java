package io.roster.contract.readside.stream;

import io.roster.contract.stream.EventStreamConsumer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UP while the consumer's thread runs, whatever Kafka's state: a consumer that cannot reach the broker
 * keeps retrying and says so in {@code errors} and {@code lastError}; {@code lag} tells how far behind it is.
 * DOWN when it stopped a partition at a record it cannot decode: that part of the read model no longer
 * follows the topic until a build that reads the record is started ({@code undecodable} says where).
 */
public class EventStreamHealthIndicator implements HealthIndicator {

    private final EventStreamLifecycle lifecycle;
    private final String topic;

    public EventStreamHealthIndicator(EventStreamLifecycle lifecycle, String topic) {
        this.lifecycle = lifecycle;
        this.topic = topic;
    }

    @Override
    public Health health() {
        return lifecycle.status().map(this::health)
                .orElseGet(() -> Health.down().withDetail("topic", topic).withDetail("running", false).build());
    }

    private Health health(EventStreamConsumer.Status s) {
        Health.Builder health = s.running() && s.stopped().isEmpty() ? Health.up() : Health.down();
        health.withDetail("topic", topic)
                .withDetail("running", s.running())
                .withDetail("applied", s.applied())
                .withDetail("lag", s.lag())
                .withDetail("errors", s.errors());
        if (s.lastAppliedAt() != null) {
            health.withDetail("lastAppliedAt", s.lastAppliedAt().toString());
        }
        if (s.lastError() != null) {
            health.withDetail("lastError", s.lastError());
        }
        if (!s.stopped().isEmpty()) {
            health.withDetail("undecodable", s.stopped().stream().map(EventStreamHealthIndicator::detail).toList());
        }
        if (!s.unknownTypes().isEmpty()) {
            health.withDetail("unknownTypes", s.unknownTypes());
        }
        return health.build();
    }

    /** Where the consumer stopped and why, without the record's content. */
    private static Map<String, Object> detail(EventStreamConsumer.StoppedPartition stop) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("topic", stop.topic());
        detail.put("partition", stop.partition());
        detail.put("offset", stop.offset());
        detail.put("eventType", stop.eventType());
        detail.put("error", stop.error());
        return detail;
    }
}
