package io.soakrig.stubs.roles;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.stubs.service.Behaviour;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Playlist, search and recommendation: each request reads one metadata entry (a uniformly drawn
 * key of the catalog) through the {@link MetadataCache}, going to the database on a miss.
 *
 * <p>Recommendation also builds a per-user context of {@code contextBytes} for every request.
 * Version v3.2.0 lets it go when the answer is sent; v3.2.1 keeps every context of every user
 * forever — the seed's leak, in real bytes on the heap, growing with the request count.
 */
final class MetadataService implements Behaviour {
    private final MetadataCache cache;
    private final UpstreamClient database;
    private final int entryBytes;
    private final int catalogSize;
    private final int payloadBytes;
    private final int contextBytes;
    private final boolean keepContexts;
    private final RandomGenerator random;
    private final Map<String, List<byte[]>> contexts = new ConcurrentHashMap<>();
    private final AtomicLong retained = new AtomicLong();
    private final Counter upstreamErrors;

    MetadataService(MetadataCache cache, UpstreamClient database, int entryBytes, int catalogSize, int payloadBytes,
                    int contextBytes, boolean keepContexts, RandomGenerator random, PrometheusRegistry registry) {
        this.cache = cache;
        this.database = database;
        this.entryBytes = entryBytes;
        this.catalogSize = catalogSize;
        this.payloadBytes = payloadBytes;
        this.contextBytes = contextBytes;
        this.keepContexts = keepContexts;
        this.random = random;
        cache.register(registry);
        this.upstreamErrors = Counter.builder().name("soakrig_metadata_errors")
                .help("Requests answered 503 because the database lookup failed").register(registry);
        GaugeWithCallback.builder().name("soakrig_user_contexts_retained_bytes")
                .help("Bytes of per-user contexts still held after their request ended")
                .callback(cb -> cb.call(retained.get())).register(registry);
    }

    @Override
    public Reply handle(Request request) throws InterruptedException {
        if (contextBytes > 0) {
            byte[] context = new byte[contextBytes];
            Arrays.fill(context, (byte) 7);
            if (keepContexts) {
                contexts.computeIfAbsent(request.user(), u -> java.util.Collections.synchronizedList(new ArrayList<>())).add(context);
                retained.addAndGet(context.length);
            }
        }
        int key = random.nextInt(catalogSize);
        if (!cache.lookup(key)) {
            int status = database.get("/metadata/" + key + "?bytes=" + entryBytes);
            if (status != 200) {
                upstreamErrors.inc();
                return Reply.unavailable("metadata lookup failed (" + status + ")");
            }
            cache.store(key, new byte[entryBytes]);
        }
        return Reply.ok(payloadBytes);
    }
}
