package io.roster.ledger.adapter.in.kafka;

import io.roster.contract.stream.EventStreamConsumer;
import io.roster.ledger.application.RebuildTrigger;
import org.springframework.context.SmartLifecycle;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs the projection's consumer for as long as the application runs: started before the web server
 * takes requests, closed after it stopped. A consumer thread runs once, so each start makes a new one.
 */
public class EventStreamLifecycle implements SmartLifecycle, RebuildTrigger {

    /** Before the web server (which starts at {@code Integer.MAX_VALUE - 1}), so it stops after it too. */
    static final int PHASE = Integer.MAX_VALUE - 2048;

    private final Supplier<EventStreamConsumer> consumers;
    private volatile EventStreamConsumer consumer;

    public EventStreamLifecycle(Supplier<EventStreamConsumer> consumers) {
        this.consumers = consumers;
    }

    @Override
    public synchronized void start() {
        if (consumer == null) {
            consumer = consumers.get().start();
        }
    }

    @Override
    public synchronized void stop() {
        EventStreamConsumer running = consumer;
        consumer = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return consumer != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The consumer's progress, or empty while it is not started. */
    public Optional<EventStreamConsumer.Status> status() {
        EventStreamConsumer running = consumer;
        return running == null ? Optional.empty() : Optional.of(running.status());
    }

    @Override
    public CompletableFuture<Void> requestRebuild() {
        EventStreamConsumer running = consumer;
        if (running == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the event stream consumer is not running"));
        }
        return running.requestRebuild();
    }
}
