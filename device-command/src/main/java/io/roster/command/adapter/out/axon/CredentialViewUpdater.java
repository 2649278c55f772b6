package io.roster.command.adapter.out.axon;

import io.roster.command.application.credentials.CredentialView;
import io.roster.contract.event.RosterEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the {@link CredentialView} current: a subscribing processor hands it every event as its
 * command commits, and at start the whole event store is replayed into it.
 */
@ProcessingGroup(CredentialViewUpdater.PROCESSING_GROUP)
public class CredentialViewUpdater implements SmartLifecycle {

    public static final String PROCESSING_GROUP = "credential-view";
    private static final Logger log = LoggerFactory.getLogger(CredentialViewUpdater.class);

    private final CredentialView view;
    private final EventStore eventStore;
    private volatile boolean running;

    public CredentialViewUpdater(CredentialView view, EventStore eventStore) {
        this.view = view;
        this.eventStore = eventStore;
    }

    @EventHandler
    void on(RosterEvent event, DomainEventMessage<?> message) {
        view.live(message.getSequenceNumber(), event);
    }

    /** Replays the event store into the view before the web server takes requests. */
    @Override
    public void start() {
        long started = System.nanoTime();
        long events = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (message instanceof DomainEventMessage<?> domain && message.getPayload() instanceof RosterEvent event) {
                    view.replay(domain.getSequenceNumber(), event);
                    events++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying the event store", e);
        }
        view.markReplayed();
        running = true;
        log.info("credential view built from {} events in {} ms", events, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Axon's own start-up (its phase is near Integer.MAX_VALUE / 2), before the web server. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 100;
    }
}
