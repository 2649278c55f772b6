package io.roster.command.lifecycle.adapter.out.records;

import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stored device records in memory, for tests of the rules around the store (a write is seen at once).
 */
public final class MemoryDeviceRecords extends StoredDeviceRecords {

    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    private final Map<String, Long> marks = new ConcurrentHashMap<>();
    private final AtomicInteger markReads = new AtomicInteger();
    private final AtomicInteger rowReads = new AtomicInteger();

    public MemoryDeviceRecords(EventStore events) {
        super(events);
    }

    /** How many times a mark was read from the store. */
    public int markReads() {
        return markReads.get();
    }

    /** How many device keys' rows were read from the store. */
    public int rowReads() {
        return rowReads.get();
    }

    public long storedMark(String productKey) {
        return marks.getOrDefault(productKey, -1L);
    }

    @Override
    protected long mark(String productKey) {
        markReads.incrementAndGet();
        return storedMark(productKey);
    }

    @Override
    protected Map<String, Row> read(String productKey, Collection<String> deviceKeys) {
        rowReads.addAndGet(deviceKeys.size());
        Map<String, Row> found = new HashMap<>();
        deviceKeys.forEach(key -> {
            Row row = rows.get(productKey + "/" + key);
            if (row != null) {
                found.put(key, row);
            }
        });
        return found;
    }

    @Override
    protected void write(String productKey, Collection<Row> written, long mark) {
        written.forEach(row -> rows.merge(productKey + "/" + row.deviceKey(), row,
                (stored, fresh) -> stored.sequence() < fresh.sequence() ? fresh : stored));
        marks.merge(productKey, mark, Math::max);
    }

    @Override
    protected void inOwnTransaction(Runnable write) {
        write.run();
    }
}
