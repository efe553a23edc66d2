package io.soakrig.harness.sampling;

import io.soakrig.contract.memory.MemorySample;
import io.soakrig.harness.redis.RedisEndpoint;
import io.soakrig.harness.redis.RedisInfo;
import java.io.IOException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis's memory, read with {@code INFO memory} and {@code DBSIZE} over one connection of its
 * own (Jedis): {@code used_memory} is the judged figure (a sample's metric), {@code used_memory_rss}
 * its RSS, {@code maxmemory} the limit the leak projection aims at, and the key count says what
 * the memory holds — a session store whose sessions never expire shows it growing with the memory.
 *
 * <p>A failed reading drops the connection, and the next sample connects anew: a Redis that was
 * restarted is read again as soon as it answers. Not thread-safe; the sampler calls it from one
 * thread.
 */
public final class RedisMemorySource implements MemorySource, AutoCloseable {
    public static final String NAME = "redis-info";

    private final String target;
    private final RedisEndpoint endpoint;
    private Jedis connection;

    public RedisMemorySource(String target, RedisEndpoint endpoint) {
        this.target = target;
        this.endpoint = endpoint;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public MemorySample sample(SampleClock clock) throws IOException {
        try {
            if (connection == null) {
                connection = endpoint.connect("soakrig-sampler");
            }
            RedisInfo info = RedisInfo.parse(connection.info("memory"));
            long keys = connection.dbSize();
            return new MemorySample(clock.epochMillis(), target, NAME, -1, -1, info.usedMemoryRss(), -1, -1,
                    info.usedMemory(), info.maxmemory(), keys);
        } catch (JedisException | IllegalArgumentException e) {
            close();
            throw new IOException("Redis at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
