package io.roster.command.lifecycle.adapter.out.axon;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedAggregateCacheTest {

    @Test
    void keepsEntriesStronglyUpToTheBoundAndDropsTheLeastRecentlyUsed() {
        BoundedAggregateCache cache = new BoundedAggregateCache(2);
        cache.put("a", new Object());
        cache.put("b", new Object());
        assertThat((Object) cache.get("a")).isNotNull(); // a is now more recent than b

        cache.put("c", new Object());

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void survivesGarbageCollectionWhileNothingElseHoldsTheValue() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        cache.put("product", new StringBuilder("state"));

        System.gc();

        assertThat(cache.<String, StringBuilder>get("product")).hasToString("state");
    }

    @Test
    void putIfAbsentAndComputeIfAbsentLeaveAPresentEntryAlone() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        cache.put("k", "first");

        assertThat(cache.putIfAbsent("k", "second")).isFalse();
        assertThat(cache.computeIfAbsent("k", () -> "third")).isEqualTo("first");
        assertThat(cache.computeIfAbsent("other", () -> "made")).isEqualTo("made");
        assertThat(cache.<String, String>get("k")).isEqualTo("first");
        assertThat(cache.<String, String>get("other")).isEqualTo("made");
    }

    @Test
    void computeIfPresentUpdatesOrRemoves() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        cache.put("k", 1);

        cache.<Integer>computeIfPresent("k", v -> v + 1);
        cache.<Integer>computeIfPresent("absent", v -> v + 1);
        assertThat(cache.<String, Integer>get("k")).isEqualTo(2);
        assertThat(cache.containsKey("absent")).isFalse();

        cache.<Integer>computeIfPresent("k", v -> null);
        assertThat(cache.containsKey("k")).isFalse();
    }

    @Test
    void removeAndRemoveAll() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        cache.put("a", 1);
        cache.put("b", 2);

        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        cache.removeAll();

        assertThat(cache.size()).isZero();
    }

    @Test
    void tellsListenersWhatHappenedUntilTheyDeregister() {
        BoundedAggregateCache cache = new BoundedAggregateCache(1);
        List<String> seen = new ArrayList<>();
        var registration = cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                seen.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                seen.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                seen.add("removed " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                seen.add("expired " + key);
            }

            @Override
            public void onEntryRead(Object key, Object value) {
                seen.add("read " + key);
            }
        });

        cache.put("a", 1);
        cache.put("a", 2);
        cache.get("a");
        cache.put("b", 3);
        cache.remove("b");
        registration.cancel();
        cache.put("c", 4);

        assertThat(seen).containsExactly("created a", "updated a", "read a", "expired a", "created b", "removed b");
    }

    @Test
    void refusesAnEmptyBound() {
        assertThatThrownBy(() -> new BoundedAggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
