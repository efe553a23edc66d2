package io.soakrig.stubs.roles;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A least-recently-used cache of metadata entries with a byte budget that the heap can take away.
 *
 * <p>The budget actually enforced is the smaller of the configured budget and the heap the rest of
 * the process leaves free: {@code HEAP_SHARE × max heap − (heap after GC − cache bytes)}. This is
 * how memory-sensitive caches behave (soft references, weighers sized from free memory): when a
 * leak grows elsewhere in the process, the cache is squeezed, its hit rate falls, and misses go
 * to the database — the seed's miss storm, from a real mechanism.
 *
 * <p>Entries hold real byte arrays, so the cache's memory is the process's memory.
 */
final class MetadataCache {
    /** Share of the maximum heap the process as a whole may fill before the cache gives way. */
    static final double HEAP_SHARE = 0.8;
    private static final int HIT_WINDOW = 512;

    private final long configuredBudget;
    private final long maxHeap;
    private final LongSupplier heapAfterGc;
    private final LinkedHashMap<Integer, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private final boolean[] recent = new boolean[HIT_WINDOW];
    private long bytes;
    private long snapshot = Long.MIN_VALUE;
    private long bytesAtSnapshot;
    private long hits;
    private long misses;
    private int lookups;

    /**
     * @param budgetBytes the most the cache may hold
     * @param maxHeap     the process's maximum heap
     * @param heapAfterGc heap in use after the last collection
     */
    MetadataCache(long budgetBytes, long maxHeap, LongSupplier heapAfterGc) {
        this.configuredBudget = budgetBytes;
        this.maxHeap = maxHeap;
        this.heapAfterGc = heapAfterGc;
    }

    void register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("soakrig_cache_hits").help("Metadata lookups served from the cache")
                .callback(cb -> cb.call(hits())).register(registry);
        CounterWithCallback.builder().name("soakrig_cache_misses").help("Metadata lookups that went to the database")
                .callback(cb -> cb.call(misses())).register(registry);
        GaugeWithCallback.builder().name("soakrig_cache_hit_ratio").help("Hit ratio over the last " + HIT_WINDOW + " lookups")
                .callback(cb -> cb.call(hitRatio())).register(registry);
        GaugeWithCallback.builder().name("soakrig_cache_bytes").help("Bytes the cache holds")
                .callback(cb -> cb.call(bytes())).register(registry);
        GaugeWithCallback.builder().name("soakrig_cache_budget_bytes").help("Budget in force: configured, or less when the heap is short")
                .callback(cb -> cb.call(budget())).register(registry);
    }

    /**
     * Looks {@code key} up, counting the hit or miss. The budget is enforced here too: a cache
     * that only evicted when it stored would keep its memory while every lookup hits, however
     * short the heap.
     */
    synchronized boolean lookup(int key) {
        trimToBudget();
        boolean hit = entries.get(key) != null;
        if (hit) {
            hits++;
        } else {
            misses++;
        }
        recent[lookups++ % HIT_WINDOW] = hit;
        return hit;
    }

    /** Stores an entry fetched from the database, then evicts down to the budget in force. */
    synchronized void store(int key, byte[] entry) {
        byte[] previous = entries.put(key, entry);
        bytes += entry.length - (previous == null ? 0 : previous.length);
        trimToBudget();
    }

    private void trimToBudget() {
        long budget = budget();
        for (Iterator<Map.Entry<Integer, byte[]>> oldest = entries.entrySet().iterator(); bytes > budget && oldest.hasNext(); ) {
            bytes -= oldest.next().getValue().length;
            oldest.remove();
        }
    }

    /**
     * The budget in force. Heap after GC is a snapshot taken at the last collection, when the
     * cache held about what it held when that snapshot was first seen here; subtracting that
     * figure rather than today's keeps evictions between two collections from feeding on
     * themselves.
     */
    synchronized long budget() {
        long afterGc = heapAfterGc.getAsLong();
        if (afterGc != snapshot) {
            snapshot = afterGc;
            bytesAtSnapshot = bytes;
        }
        long usedByOthers = Math.max(0, afterGc - bytesAtSnapshot);
        long free = (long) (HEAP_SHARE * maxHeap) - usedByOthers;
        return Math.max(0, Math.min(configuredBudget, free));
    }

    synchronized double hitRatio() {
        int n = Math.min(lookups, HIT_WINDOW);
        if (n == 0) {
            return Double.NaN;
        }
        int h = 0;
        for (int i = 0; i < n; i++) {
            h += recent[i] ? 1 : 0;
        }
        return (double) h / n;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    synchronized long bytes() {
        return bytes;
    }
}
