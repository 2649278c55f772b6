package io.roster.contract.readside.stream;

import io.roster.contract.stream.EventStreamConsumer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * UP while the consumer's thread runs, whatever Kafka's state: a consumer that cannot reach the broker
 * keeps retrying and says so in {@code errors} and {@code lastError}; {@code lag} tells how far behind it is.
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
        Health.Builder health = s.running() ? Health.up() : Health.down();
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
        return health.build();
    }
}
