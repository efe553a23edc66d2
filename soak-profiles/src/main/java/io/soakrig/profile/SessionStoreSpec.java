package io.soakrig.profile;

import java.time.Duration;

/**
 * The sessions an {@code auth} backed by Redis keeps: each login writes a session of
 * {@code bytes} under a new token with a time to live of {@code ttl} (unless the version leaks),
 * and every validation reads it back, through a pool of {@code pool.size} connections waited
 * for at most {@code pool.acquireTimeout}, each command given {@code timeout}.
 *
 * @param ttl     how long a session lives after its login (wall-clock time: Redis expires in real time)
 * @param bytes   the size of a session's value, within {@link Limits#SESSION_BYTES}
 * @param timeout how long one Redis command may take before the request fails
 */
public record SessionStoreSpec(Duration ttl, Integer bytes, Duration timeout) {
    public static final SessionStoreSpec DEFAULT = new SessionStoreSpec(null, null, null);

    public SessionStoreSpec {
        ttl = ttl == null ? Duration.ofMinutes(30) : ttl;
        bytes = bytes == null ? 1024 : bytes;
        timeout = timeout == null ? Duration.ofMillis(500) : timeout;
    }

    /** Checks the settings; {@link References} checks them only for an auth whose upstream is a Redis. */
    void check(Checks at) {
        at.at("ttl").positive(ttl);
        at.at("timeout").positive(timeout);
        at.at("bytes").within(bytes, Limits.SESSION_BYTES);
    }
}
