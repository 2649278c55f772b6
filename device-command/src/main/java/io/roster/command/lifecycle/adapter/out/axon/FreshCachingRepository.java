package io.roster.command.lifecycle.adapter.out.axon;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * A caching repository that never hands a command an aggregate older than the event store: several device-command
 * instances share one store, and an aggregate cached here may have been changed since by another instance.
 *
 * <p>A cached aggregate is used only if the store's last sequence number for it is the aggregate's own version
 * (one indexed read per command); otherwise it is dropped and loaded again from the latest snapshot and the events
 * after it. A commit that races another instance's after this check fails on the store's unique (aggregate,
 * sequence) key; Axon then drops the cached aggregate and the command gateway retries the command
 * ({@code ConflictRetryScheduler}).
 */
public final class FreshCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore eventStore;
    private final Cache cache;

    public FreshCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache) {
        super(builder.eventStore(eventStore).cache(cache));
        this.eventStore = eventStore;
        this.cache = cache;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        boolean cached = cache.containsKey(aggregateIdentifier);
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        if (!cached) {
            return aggregate;
        }
        Long version = aggregate.version();
        Long stored = eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(null);
        if (stored == null || stored.equals(version)) {
            return aggregate;
        }
        cache.remove(aggregateIdentifier);
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }
}
