package io.soakrig.stubs.roles;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.profile.PoolSpec;
import io.soakrig.stubs.service.Behaviour;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.Request;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The metadata "database": every query holds one of {@code size} connections for
 * {@code queryTime}. A query that cannot get a connection within {@code acquireTimeout} fails
 * with 503, as a connection-pool acquire timeout does. Because auth and the metadata services all
 * query it, a miss storm from one caller starves the others: that shared pool is where the seed's
 * cascade crossed from recommendation to logins.
 *
 * <p>Answers carry {@code ?bytes=N} bytes (the caller's entry size), else the stub's payload.
 */
final class MetadataDatabase implements Behaviour {
    private final PoolSpec pool;
    private final Semaphore connections;
    private final int payloadBytes;
    private final Counter timeouts;
    private final Counter queries;

    MetadataDatabase(PoolSpec pool, int payloadBytes, PrometheusRegistry registry) {
        this.pool = pool;
        this.connections = new Semaphore(pool.size(), true);
        this.payloadBytes = payloadBytes;
        this.timeouts = Counter.builder().name("soakrig_pool_timeouts")
                .help("Queries that found no free connection within the acquire timeout").register(registry);
        this.queries = Counter.builder().name("soakrig_pool_queries")
                .help("Queries that got a connection").register(registry);
        GaugeWithCallback.builder().name("soakrig_pool_in_use").help("Connections held by queries")
                .callback(cb -> cb.call(pool.size() - connections.availablePermits())).register(registry);
        GaugeWithCallback.builder().name("soakrig_pool_waiting").help("Queries waiting for a connection")
                .callback(cb -> cb.call(connections.getQueueLength())).register(registry);
        GaugeWithCallback.builder().name("soakrig_pool_size").help("Connections in the pool")
                .callback(cb -> cb.call(pool.size())).register(registry);
    }

    @Override
    public Reply handle(Request request) throws InterruptedException {
        if (!connections.tryAcquire(pool.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
            timeouts.inc();
            return Reply.unavailable("connection pool exhausted");
        }
        try {
            queries.inc();
            long hold = pool.queryTime().toNanos();
            if (hold > 0) {
                Thread.sleep(hold / 1_000_000, (int) (hold % 1_000_000));
            }
        } finally {
            connections.release();
        }
        return Reply.ok(request.intParam("bytes", payloadBytes));
    }
}
