package io.roster.contract.readside.stream;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.readside.RebuildTrigger;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventStreamConsumer;
import io.roster.contract.stream.EventStreamMetrics;
import io.roster.contract.stream.MongoOffsetStore;
import io.roster.contract.stream.Projection;
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

    /**
     * The usual wiring of a read side: the consumer group's offsets live in the projection's own database,
     * next to the documents they account for, under the group's name; its meters are registered once, for
     * every consumer it starts.
     */
    public static EventStreamLifecycle consuming(EventStreamConsumer.Settings settings, Projection projection,
                                                 MongoDatabase database, MeterRegistry meters) {
        MongoOffsetStore offsets = new MongoOffsetStore(database, settings.consumerName(), settings.topic());
        EventCodec codec = new EventCodec();
        EventStreamMetrics metrics = new EventStreamMetrics(meters, settings.consumerName(), settings.topic());
        return new EventStreamLifecycle(() -> new EventStreamConsumer(settings, projection, offsets, codec, metrics));
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
