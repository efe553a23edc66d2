package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.supervision.MemoryLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The March 2022 cascade, emerging from the stubs' mechanisms: recommendation v3.2.1's leak
 * squeezes its metadata cache, the misses exhaust the database pool that auth shares, logins fail
 * and stream answers 503 — in that order. v3.2.0 under the same load shows none of it.
 */
@Tag("integration")
class CascadeIT {
    private static final String TOPOLOGY = """
            name: cascade
            targets:
              db:
                stub:
                  role: metadata-db
                  heapMb: 96
                  workers: 256
                  pool: { size: 4, acquireTimeout: 100ms, queryTime: 15ms }
              auth:
                stub: { role: auth, heapMb: 96, upstreams: [db] }
              stream:
                stub: { role: stream, heapMb: 96, upstreams: [auth] }
              recommendation:
                stub:
                  role: recommendation
                  version: %s
                  heapMb: 192
                  restart: { policy: never }
                  contextBytes: 32768
                  cache: { budgetMb: 40, entryBytes: 32768, catalogSize: 500 }
                  upstreams: [db]
            traffic:
              target: recommendation
              endpoints:
                - name: recommendations
                  path: /recommendations/u1
              arrivals:
                - constant: { rate: 1, duration: 1s }
            """;
    private static final Map<String, String> NO_LABELS = Map.of();

    @TempDir
    Path tmp;

    @Test
    void theLeakingVersionCascadesFromCacheToPoolToAuthToStream() throws Exception {
        try (StubCluster cluster = StubCluster.start(tmp, TOPOLOGY.formatted("v3.2.1"), MemoryLimits.detect())) {
            warmUp(cluster);
            Counters before = Counters.of(cluster);

            Map<String, Long> firstSeen = new LinkedHashMap<>();
            long start = System.nanoTime();
            try (PacedLoad recommendations = load(cluster, "recommendation", "/recommendations/u1", 250);
                 PacedLoad streams = load(cluster, "stream", "/stream/u2", 50)) {
                awaitCascade(cluster, firstSeen, () -> {
                    long now = System.nanoTime() - start;
                    // read downstream first: whatever a later link shows, its cause already shows upstream
                    Counters c = Counters.of(cluster);
                    double hitRatio = cluster.metric("recommendation", "soakrig_cache_hit_ratio", NO_LABELS);
                    mark(firstSeen, "cache hit rate falling below 90%", now, hitRatio < 0.9);
                    mark(firstSeen, "database pool timeouts", now, c.poolTimeouts() > before.poolTimeouts());
                    mark(firstSeen, "auth errors", now, c.authErrors() > before.authErrors());
                    mark(firstSeen, "stream 503s", now, c.streamFailures() > before.streamFailures());
                    return firstSeen.size() == 4;
                });
            }

            assertThat(firstSeen.keySet()).containsExactly(
                    "cache hit rate falling below 90%", "database pool timeouts", "auth errors", "stream 503s");
            assertThat(new java.util.ArrayList<>(firstSeen.values())).isSorted();
        }
    }

    @Test
    void theHealthyVersionUnderTheSameLoadShowsNoneOfIt() throws Exception {
        try (StubCluster cluster = StubCluster.start(tmp, TOPOLOGY.formatted("v3.2.0"), MemoryLimits.detect())) {
            warmUp(cluster);
            Counters before = Counters.of(cluster);

            try (PacedLoad recommendations = load(cluster, "recommendation", "/recommendations/u1", 250);
                 PacedLoad streams = load(cluster, "stream", "/stream/u2", 50)) {
                double served = cluster.metric("recommendation", "soakrig_requests_served_total", NO_LABELS);
                HarnessProcess.await(Duration.ofSeconds(60), "5000 more recommendations served",
                        () -> cluster.metric("recommendation", "soakrig_requests_served_total", NO_LABELS) >= served + 5000);
            }

            assertThat(cluster.metric("recommendation", "soakrig_cache_hit_ratio", NO_LABELS)).isGreaterThan(0.8);
            assertThat(cluster.metric("recommendation", "soakrig_user_contexts_retained_bytes", NO_LABELS)).isZero();
            assertThat(Counters.of(cluster)).as("no new failure after the warm-up").isEqualTo(before);
        }
    }

    /**
     * Fills the cache at a gentler rate. A cold cache is a miss storm of its own (and cold JVMs are
     * slow), so failures counted during warm-up are the baseline later counts are compared with.
     */
    private static void warmUp(StubCluster cluster) throws Exception {
        try (PacedLoad recommendations = load(cluster, "recommendation", "/recommendations/u1", 100);
             PacedLoad streams = load(cluster, "stream", "/stream/u2", 50)) {
            HarnessProcess.await(Duration.ofSeconds(60), "a warm cache",
                    () -> cluster.metric("recommendation", "soakrig_cache_hit_ratio", NO_LABELS) >= 0.85);
        }
    }

    /** The failure counters of the cascade's three downstream links. */
    private record Counters(double poolTimeouts, double authErrors, double streamFailures) {
        /** Scraped downstream first, so that no effect is seen before its cause within one reading. */
        static Counters of(StubCluster cluster) {
            double stream = cluster.metric("stream", "soakrig_stream_auth_failures_total", NO_LABELS);
            double auth = cluster.metric("auth", "soakrig_auth_errors_total", NO_LABELS);
            double pool = cluster.metric("db", "soakrig_pool_timeouts_total", NO_LABELS);
            return new Counters(pool, auth, stream);
        }
    }

    private static void awaitCascade(StubCluster cluster, Map<String, Long> firstSeen, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        try {
            HarnessProcess.await(Duration.ofSeconds(45), "the whole cascade", done);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; seen so far " + firstSeen + "; hit ratio "
                    + cluster.metric("recommendation", "soakrig_cache_hit_ratio", NO_LABELS) + ", budget "
                    + cluster.metric("recommendation", "soakrig_cache_budget_bytes", NO_LABELS) + ", retained "
                    + cluster.metric("recommendation", "soakrig_user_contexts_retained_bytes", NO_LABELS) + ", heap after gc "
                    + cluster.metric("recommendation", "soakrig_heap_after_gc_bytes", NO_LABELS) + ", " + Counters.of(cluster), e);
        }
    }

    private static PacedLoad load(StubCluster cluster, String target, String path, int perSecond) {
        return new PacedLoad(URI.create(cluster.url(target) + path), perSecond, Duration.ofSeconds(90));
    }

    private static void mark(Map<String, Long> firstSeen, String what, long at, boolean seen) {
        if (seen) {
            firstSeen.putIfAbsent(what, at);
        }
    }
}
