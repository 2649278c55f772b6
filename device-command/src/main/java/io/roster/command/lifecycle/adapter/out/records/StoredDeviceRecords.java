package io.roster.command.lifecycle.adapter.out.records;

import io.roster.command.lifecycle.domain.DeviceRecord;
import io.roster.command.lifecycle.domain.DeviceRecords;
import io.roster.command.lifecycle.domain.Product;
import io.roster.contract.event.DeviceEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device records kept in a store beside the event store: one row (document) per device key of a product, and per
 * product the sequence number of its last event the rows reflect (its mark).
 *
 * <p>Written from the product's events: subscribed to the event store, {@link #record} receives each unit of work's
 * events after they are appended and before it commits, so on PostgreSQL the rows and the mark commit in the
 * events' transaction, or not at all. Where they cannot (MongoDB has no such transaction), or for a history written
 * before the records existed, the mark lags behind the product's version, and {@link #find} first brings the
 * records up to it from the event store ({@link #catchUp}): the records are a function of the product's events
 * alone, so a crash between the two writes loses nothing. Every write carries the sequence number of the event
 * it reflects and never replaces a later one, so a catch-up racing another instance's writes is harmless.
 */
public abstract class StoredDeviceRecords implements DeviceRecords {

    private static final Logger log = LoggerFactory.getLogger(StoredDeviceRecords.class);
    /** Events per write of a catch-up, each in a transaction of its own. */
    static final int CATCH_UP_CHUNK = 1_000;
    /** Device keys per read. */
    static final int READ_CHUNK = 1_000;
    private static final String PRODUCT_TYPE = Product.class.getSimpleName();
    /** Unit-of-work resource: the rows {@link #find} read to decide, per product, reused by {@link #record}. */
    private static final String READ_ROWS = StoredDeviceRecords.class.getName() + ".read.";

    private final EventStore events;
    /** Marks this instance saw committed: a product at one of these versions needs no read of its mark. */
    private final Map<String, Long> committedMarks = new ConcurrentHashMap<>();

    protected StoredDeviceRecords(EventStore events) {
        this.events = events;
    }

    /** A device's record as of one of the product's events. */
    public record Row(String deviceKey, long sequence, DeviceRecord record) {
    }

    /** The product's mark: the sequence number of its last event the records reflect, or -1. */
    protected abstract long mark(String productKey);

    /** The stored rows of these device keys (at most {@link #READ_CHUNK}); a key without a row is left out. */
    protected abstract Map<String, Row> read(String productKey, Collection<String> deviceKeys);

    /**
     * Writes the rows, each unless a row of a later event is already stored, and raises the product's mark to
     * {@code mark}, in the caller's transaction when there is one.
     */
    protected abstract void write(String productKey, Collection<Row> rows, long mark);

    /** Runs a catch-up's write in a transaction of its own (committed whatever becomes of the command's). */
    protected abstract void inOwnTransaction(Runnable write);

    @Override
    public Map<String, DeviceRecord> find(String productKey, long version, Collection<String> deviceKeys) {
        Long committed = committedMarks.get(productKey);
        if (committed == null || committed < version) {
            long mark = mark(productKey);
            if (mark < version) {
                catchUp(productKey, mark, version);
            }
        }
        Map<String, Row> rows = readAll(productKey, deviceKeys);
        Map<String, DeviceRecord> found = new HashMap<>();
        for (String key : deviceKeys) {
            found.put(key, rows.getOrDefault(key, never(key)).record());
            rows.putIfAbsent(key, never(key));
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().<Map<String, Row>>getOrComputeResource(READ_ROWS + productKey,
                    k -> new HashMap<>()).putAll(rows);
        }
        return found;
    }

    /** A device key without a row: never added, and older than any event. */
    private static Row never(String deviceKey) {
        return new Row(deviceKey, -1, DeviceRecord.NEVER_ADDED);
    }

    private Map<String, Row> readAll(String productKey, Collection<String> deviceKeys) {
        Map<String, Row> rows = new HashMap<>();
        List<String> keys = new ArrayList<>(new HashSet<>(deviceKeys));
        for (int from = 0; from < keys.size(); from += READ_CHUNK) {
            rows.putAll(read(productKey, keys.subList(from, Math.min(keys.size(), from + READ_CHUNK))));
        }
        return rows;
    }

    /** Subscribed to the event store: the records of the devices a unit of work's events are about. */
    public void record(List<? extends EventMessage<?>> messages) {
        Map<String, List<DomainEventMessage<?>>> byProduct = new LinkedHashMap<>();
        for (EventMessage<?> message : messages) {
            if (message instanceof DomainEventMessage<?> event && PRODUCT_TYPE.equals(event.getType())) {
                byProduct.computeIfAbsent(event.getAggregateIdentifier(), k -> new ArrayList<>()).add(event);
            }
        }
        boolean inUnitOfWork = CurrentUnitOfWork.isStarted();
        byProduct.forEach((product, list) -> apply(product, list, inUnitOfWork
                ? CurrentUnitOfWork.get().<Map<String, Row>>getResource(READ_ROWS + product) : null));
        if (inUnitOfWork) {
            Map<String, Long> marks = new HashMap<>();
            byProduct.forEach((product, list) -> marks.put(product, list.get(list.size() - 1).getSequenceNumber()));
            CurrentUnitOfWork.get().afterCommit(u -> marks.forEach(
                    (product, mark) -> committedMarks.merge(product, mark, Math::max)));
        }
    }

    /**
     * Applies one product's events, in order, to the rows of the devices they are about. {@code known} holds the
     * rows the command read to decide (or is null): the product's lock kept them current, so only the others are
     * read.
     */
    private void apply(String productKey, List<DomainEventMessage<?>> productEvents, Map<String, Row> known) {
        Map<String, Row> rows = new HashMap<>();
        Set<String> unread = new HashSet<>();
        for (DomainEventMessage<?> event : productEvents) {
            if (event.getPayload() instanceof DeviceEvent device) {
                Row row = known == null ? null : known.get(device.deviceKey());
                if (row != null) {
                    rows.put(device.deviceKey(), row);
                } else {
                    unread.add(device.deviceKey());
                }
            }
        }
        rows.putAll(readAll(productKey, unread));
        Map<String, Row> changed = new LinkedHashMap<>();
        for (DomainEventMessage<?> event : productEvents) {
            if (event.getPayload() instanceof DeviceEvent device) {
                Row before = rows.get(device.deviceKey());
                if (before == null || before.sequence() < event.getSequenceNumber()) {
                    DeviceRecord record = before == null ? DeviceRecord.NEVER_ADDED : before.record();
                    Row after = new Row(device.deviceKey(), event.getSequenceNumber(), record.after(device));
                    rows.put(device.deviceKey(), after);
                    changed.put(device.deviceKey(), after);
                }
            }
        }
        write(productKey, changed.values(), productEvents.get(productEvents.size() - 1).getSequenceNumber());
        if (known != null) {
            known.putAll(changed);
        }
    }

    /**
     * Brings a product's records from its mark up to {@code version}, reading its events from the event store: once
     * for a product whose history was written before the records existed (docs/architecture.md), else only after a
     * write of the records was lost on a store without transactions.
     */
    private void catchUp(String productKey, long mark, long version) {
        long started = System.nanoTime();
        long applied = 0;
        DomainEventStream stream = events.readEvents(productKey, mark + 1);
        List<DomainEventMessage<?>> chunk = new ArrayList<>(CATCH_UP_CHUNK);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getSequenceNumber() > version) {
                break;
            }
            chunk.add(event);
            if (chunk.size() == CATCH_UP_CHUNK) {
                applied += writeChunk(productKey, chunk);
            }
        }
        if (!chunk.isEmpty()) {
            applied += writeChunk(productKey, chunk);
        }
        log.info("device records of product {} brought from event {} to {} ({} events, {} ms)", productKey, mark,
                version, applied, (System.nanoTime() - started) / 1_000_000);
    }

    private int writeChunk(String productKey, List<DomainEventMessage<?>> chunk) {
        List<DomainEventMessage<?>> events = List.copyOf(chunk);
        chunk.clear();
        inOwnTransaction(() -> apply(productKey, events, null));
        return events.size();
    }
}
