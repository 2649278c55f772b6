package io.roster.command.auth.adapter.in.netty;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code roster.decision.requests}: the decision port's requests, timed from the whole request read to its answer
 * handed to the socket, by {@code endpoint} ({@code connect}, {@code emqx}, {@code ping}, {@code other}) and
 * {@code outcome} ({@code allow}, {@code deny}, {@code ok}, or the HTTP status of a refusal). The API port's calls
 * are in {@code http.server.requests}.
 */
final class DecisionMetrics {

    private static final DecisionMetrics NONE = new DecisionMetrics(null);

    private final MeterRegistry registry;
    private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

    private DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    static DecisionMetrics of(MeterRegistry registry) {
        return registry == null ? NONE : new DecisionMetrics(registry);
    }

    void record(String endpoint, String outcome, long startNanos) {
        if (registry == null) {
            return;
        }
        // two lookups of constant strings, so that recording allocates nothing on the hot path
        Map<String, Timer> byOutcome = timers.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
        Timer timer = byOutcome.get(outcome);
        if (timer == null) {
            timer = byOutcome.computeIfAbsent(outcome, o -> Timer.builder("roster.decision.requests")
                    .description("requests answered on the decision port").tag("endpoint", endpoint)
                    .tag("outcome", o).register(registry));
        }
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
