package io.roster.command.lifecycle.adapter.out.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Keeps the most recently used aggregates in memory, strongly, up to a number of entries; the least
 * recently used one is dropped when a new one would pass the bound.
 *
 * <p>Axon's {@code WeakReferenceCache} lets the collector drop an aggregate whenever no command holds it:
 * an aggregate just loaded is young, so the next young collection drops it again and every few
 * commands pay a load from the latest snapshot plus the events after it, a cost that grows with the
 * product's device list. A strong, bounded cache loads an active product once.
 */
public final class BoundedAggregateCache implements Cache {

    private final int maxEntries;
    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public BoundedAggregateCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the cache must hold at least one entry, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value;
        synchronized (entries) {
            value = entries.get(key);
        }
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        Object previous;
        Map.Entry<Object, Object> evicted;
        synchronized (entries) {
            previous = entries.put(key, value);
            evicted = evictIfFull();
        }
        notifyStored(key, value, previous, evicted);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return storeIfAbsent(key, () -> value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Object[] made = new Object[1];
        Object present = storeIfAbsent(key, () -> made[0] = valueSupplier.get());
        return (T) (present != null ? present : made[0]);
    }

    /** Stores the supplied value unless the key is present (or the value is null); returns the present value or null. */
    private Object storeIfAbsent(Object key, Supplier<?> valueSupplier) {
        Object value;
        Map.Entry<Object, Object> evicted;
        synchronized (entries) {
            Object present = entries.get(key);
            if (present != null) {
                return present;
            }
            value = valueSupplier.get();
            if (value == null) {
                return null;
            }
            entries.put(key, value);
            evicted = evictIfFull();
        }
        notifyStored(key, value, null, evicted);
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Object updated;
        boolean removed;
        synchronized (entries) {
            Object present = entries.get(key);
            if (present == null) {
                return;
            }
            updated = update.apply((V) present);
            removed = updated == null;
            if (removed) {
                entries.remove(key);
            } else {
                entries.put(key, updated);
            }
        }
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        } else {
            listeners.forEach(l -> l.onEntryUpdated(key, updated));
        }
    }

    @Override
    public boolean remove(Object key) {
        boolean removed;
        synchronized (entries) {
            removed = entries.remove(key) != null;
        }
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (entries) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
        }
        keys.forEach(key -> listeners.forEach(l -> l.onEntryRemoved(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    /** How many entries are held now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Called holding the lock, after an insertion: drops the least recently used entry past the bound. */
    private Map.Entry<Object, Object> evictIfFull() {
        if (entries.size() <= maxEntries) {
            return null;
        }
        var eldest = entries.entrySet().iterator();
        Map.Entry<Object, Object> first = eldest.next();
        Map.Entry<Object, Object> evicted = Map.entry(first.getKey(), first.getValue());
        eldest.remove();
        return evicted;
    }

    private void notifyStored(Object key, Object value, Object previous, Map.Entry<Object, Object> evicted) {
        if (evicted != null) {
            listeners.forEach(l -> l.onEntryExpired(evicted.getKey()));
        }
        if (previous == null) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        } else {
            listeners.forEach(l -> l.onEntryUpdated(key, value));
        }
    }
}
