package io.soakrig.profile;

import java.time.Duration;

/**
 * The metadata database's connection pool.
 *
 * @param size           connections, within {@link Limits#THREADS} (default 8)
 * @param acquireTimeout how long a query waits for a connection before failing (default 200ms)
 * @param queryTime      how long a query holds its connection (default 2ms)
 */
public record PoolSpec(Integer size, Duration acquireTimeout, Duration queryTime) {
    public static final PoolSpec DEFAULT = new PoolSpec(null, null, null);

    public PoolSpec {
        size = size == null ? 8 : size;
        acquireTimeout = acquireTimeout == null ? Duration.ofMillis(200) : acquireTimeout;
        queryTime = queryTime == null ? Duration.ofMillis(2) : queryTime;
    }

    void check(Checks at) {
        at.at("size").within(size, Limits.THREADS);
        at.at("acquireTimeout").positive(acquireTimeout);
        at.at("queryTime").notNegative(queryTime);
    }
}
