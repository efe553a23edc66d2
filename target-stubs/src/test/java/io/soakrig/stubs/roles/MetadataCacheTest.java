package io.soakrig.stubs.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {
    private static final long MIB = 1024 * 1024;
    private final AtomicLong heapAfterGc = new AtomicLong(10 * MIB);
    private final MetadataCache cache = new MetadataCache(4 * MIB, 100 * MIB, heapAfterGc::get);

    @Test
    void holdsUpToItsBudgetEvictingTheLeastRecentlyUsed() {
        fill(0, 2048, 4096);

        assertThat(cache.bytes()).isLessThanOrEqualTo(4 * MIB).isGreaterThan(4 * MIB - 4096);
        assertThat(cache.lookup(0)).as("oldest entry evicted").isFalse();
        assertThat(cache.lookup(2047)).isTrue();
    }

    @Test
    void aHeapTakenByOthersShrinksTheBudgetAndTheHitRatio() {
        fill(0, 1024, 4096);
        double warm = hitRatioOver(1024);

        heapAfterGc.set(83 * MIB);
        fill(5000, 10, 4096);
        double squeezed = hitRatioOver(1024);

        assertThat(cache.budget()).as("80 %% of 100 MiB, less the 79 MiB the rest uses").isBetween(MIB, MIB + 8192);
        assertThat(cache.bytes()).isLessThanOrEqualTo(cache.budget());
        assertThat(warm).isEqualTo(1.0);
        assertThat(squeezed).isLessThan(0.5);
    }

    @Test
    void aShortHeapEvictsEvenWhenEveryLookupHits() {
        fill(0, 100, 4096);
        assertThat(cache.lookup(50)).isTrue();

        heapAfterGc.set(95 * MIB);

        assertThat(cache.lookup(50)).isFalse();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void noHeapLeftMeansNoCache() {
        heapAfterGc.set(95 * MIB);

        fill(0, 100, 4096);

        assertThat(cache.budget()).isZero();
        assertThat(cache.bytes()).isZero();
    }

    private void fill(int from, int count, int bytes) {
        for (int k = from; k < from + count; k++) {
            cache.store(k, new byte[bytes]);
        }
    }

    private double hitRatioOver(int keys) {
        int hits = 0;
        for (int k = 0; k < keys; k++) {
            hits += cache.lookup(k) ? 1 : 0;
        }
        return hits / (double) keys;
    }
}
