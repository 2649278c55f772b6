package io.roster.command.auth.adapter.out.view;

import io.roster.command.auth.application.CredentialView.Sequenced;
import io.roster.command.auth.application.CredentialView;
import io.roster.command.auth.application.StartPhases;
import io.roster.contract.event.RosterEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Keeps the {@link CredentialView} current from three feeds (docs/architecture.md, "Credential view"):
 * <ul>
 *   <li>at start, before the web server takes requests, the newest snapshot of the view is read (when there is
 *       one) and the event store is replayed into it from the snapshot's position, else from the beginning; this
 *       begins on a thread of its own as soon as the bean exists, while the rest of the context is still being
 *       created, and {@link #start()} waits for it and reads what was committed meanwhile;</li>
 *   <li>this instance's own commits are applied as each commits, before the command's caller gets its answer
 *       (a subscribing processor; the event is applied after the transaction commits, never before, so an event
 *       that a concurrent commit on another instance made fail is never seen);</li>
 *   <li>a tail thread polls the event store every {@code pollInterval} from where the replay ended, so commits of
 *       other instances reach this view within about one interval.</li>
 * </ul>
 * The view orders each product's events itself and reads any it missed from the event store, so the feeds may
 * overlap and interleave freely. Every {@code snapshotEvery} events read from the store, or every as many events as
 * the view holds devices when that is more, a snapshot of the view and the position it covers are written on a
 * thread of their own, so that the next instance to start reads the
 * snapshot and only the events after it (docs/benchmarks.md, "Cold start").
 */
@ProcessingGroup(CredentialViewUpdater.PROCESSING_GROUP)
public class CredentialViewUpdater implements SmartLifecycle, InitializingBean {

    public static final String PROCESSING_GROUP = "credential-view";
    private static final Logger log = LoggerFactory.getLogger(CredentialViewUpdater.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Where snapshots of the view are kept. */
    public interface Snapshots {
        /**
         * Reads the newest snapshot into the view, which is empty; returns the position of the event store it covers,
         * or null when there is none (the view is then still empty).
         */
        TrackingToken load(CredentialView view);

        /** Replaces the stored snapshot with one of the view, which reflects every event up to {@code position}. */
        void save(CredentialView view, TrackingToken position);
    }

    private final CredentialView view;
    private final EventStorageEngine storage;
    private final Duration pollInterval;
    private final Snapshots snapshots;
    private final long snapshotEvery;
    private final java.util.concurrent.atomic.AtomicBoolean snapshotting = new java.util.concurrent.atomic.AtomicBoolean();
    private long readSinceSnapshot;
    private volatile long eventsReadAtStart;
    private volatile TrackingToken position;
    private volatile long lastPolledAt;
    private volatile boolean running;
    private Thread tail;
    private CompletableFuture<Void> building;

    public CredentialViewUpdater(CredentialView view, EventStorageEngine storage, Duration pollInterval) {
        this(view, storage, pollInterval, null, 0);
    }

    /** With {@code snapshots} null or {@code snapshotEvery} 0, no snapshot is read or written. */
    public CredentialViewUpdater(CredentialView view, EventStorageEngine storage, Duration pollInterval,
                                 Snapshots snapshots, long snapshotEvery) {
        this.view = view;
        this.storage = storage;
        this.pollInterval = pollInterval;
        this.snapshots = snapshotEvery > 0 ? snapshots : null;
        this.snapshotEvery = snapshotEvery;
    }

    /** The view's {@link CredentialView.History}: a product's events read from the event store by sequence. */
    public static CredentialView.History history(EventStorageEngine storage) {
        return (productKey, from, to) -> {
            try (Stream<? extends DomainEventMessage<?>> events = storage.readEvents(productKey, from).asStream()) {
                return events.takeWhile(m -> m.getSequenceNumber() < to)
                        .filter(m -> m.getPayload() instanceof RosterEvent)
                        .map(m -> new Sequenced(m.getSequenceNumber(), (RosterEvent) m.getPayload()))
                        .toList();
            }
        };
    }

    @EventHandler
    void on(RosterEvent event, DomainEventMessage<?> message) {
        long sequence = message.getSequenceNumber();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> view.apply(sequence, event));
        } else {
            view.apply(sequence, event);
        }
    }

    /** Begins building the view on a thread of its own, while the rest of the application context is created. */
    @Override
    public synchronized void afterPropertiesSet() {
        if (building == null) {
            building = new CompletableFuture<>();
            Thread builder = new Thread(this::build, "credential-view-build");
            builder.setDaemon(true);
            builder.start();
        }
    }

    /** Waits for the view to be built (building it now when it was not begun), then starts the tail. */
    @Override
    public void start() {
        afterPropertiesSet();
        try {
            building.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        // what was committed while the context was still starting
        eventsReadAtStart += readAvailable();
        running = true;
        tail = new Thread(this::followTail, "credential-view-tail");
        tail.setDaemon(true);
        tail.start();
    }

    /** Reads the snapshot (when there is one) and replays the event store after it into the view. */
    private void build() {
        try {
            long started = System.nanoTime();
            String from = "the whole event store";
            if (snapshots != null) {
                try {
                    position = snapshots.load(view);
                } catch (RuntimeException e) {
                    log.warn("credential view: cannot read its snapshot ({}); replaying the whole event store", e.toString());
                }
                if (position != null) {
                    from = "a snapshot (" + (System.nanoTime() - started) / 1_000_000 + " ms) and the events after it";
                }
            }
            long events = readAvailable();
            eventsReadAtStart = events;
            log.info("credential view built from {}, {} events, in {} ms; polling the event store every {} ms", from, events,
                    (System.nanoTime() - started) / 1_000_000, pollInterval.toMillis());
            building.complete(null);
        } catch (RuntimeException | Error e) {
            building.completeExceptionally(e);
        }
    }

    /** How many events the start read from the event store (after the snapshot's position, when it had one). */
    public long eventsReadAtStart() {
        return eventsReadAtStart;
    }

    /** Milliseconds since the tail last read the event store to its end (the bound on how stale the view is). */
    public long staleness() {
        return System.currentTimeMillis() - lastPolledAt;
    }

    private void followTail() {
        long backoff = pollInterval.toMillis();
        while (running) {
            try {
                readAvailable();
                snapshotWhenDue();
                backoff = pollInterval.toMillis();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
            } catch (RuntimeException e) {
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
                log.warn("credential view: cannot read the event store ({}); retrying in {} ms", e.toString(), backoff);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
            }
        }
    }

    /**
     * Writes a snapshot on a thread of its own once enough events were read since the last one: at least
     * {@code snapshotEvery}, and at least as many as the view holds devices, so that writing snapshots costs at most
     * one device written per event read however large the fleet grows.
     */
    private void snapshotWhenDue() {
        if (snapshots == null || readSinceSnapshot < snapshotEvery || readSinceSnapshot < view.entries()
                || !snapshotting.compareAndSet(false, true)) {
            return;
        }
        readSinceSnapshot = 0;
        TrackingToken covered = position;
        Thread writer = new Thread(() -> {
            try {
                long started = System.nanoTime();
                snapshots.save(view, covered);
                log.info("credential view snapshot written in {} ms", (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("credential view: cannot write its snapshot ({})", e.toString());
            } finally {
                snapshotting.set(false);
            }
        }, "credential-view-snapshot");
        writer.setDaemon(true);
        writer.start();
    }

    /** Applies every event stored after the position; returns how many. */
    private long readAvailable() {
        long applied = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(position, false)) {
            java.util.Iterator<? extends TrackedEventMessage<?>> messages = stream.iterator();
            while (messages.hasNext()) {
                TrackedEventMessage<?> message = messages.next();
                if (message instanceof DomainEventMessage<?> domain && message.getPayload() instanceof RosterEvent event) {
                    view.apply(domain.getSequenceNumber(), event);
                    applied++;
                }
                position = message.trackingToken();
                readSinceSnapshot++;
            }
        }
        lastPolledAt = System.currentTimeMillis();
        return applied;
    }

    @Override
    public void stop() {
        running = false;
        if (tail != null) {
            LockSupport.unpark(tail);
            tail = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** {@link StartPhases#CREDENTIAL_VIEW}. */
    @Override
    public int getPhase() {
        return StartPhases.CREDENTIAL_VIEW;
    }
}
