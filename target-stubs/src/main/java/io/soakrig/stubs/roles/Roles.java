package io.soakrig.stubs.roles;

import io.soakrig.profile.HttpUrls;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.service.Behaviour;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/** Builds the behaviour of a stub's role from its launch, wired to its upstreams and metrics. */
public final class Roles {
    /** How long a stub waits for an upstream answer before counting it as failed. */
    static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);

    private Roles() {
    }

    /**
     * @param redisPassword the password of the Redis keeping an auth's sessions, or null for none:
     *                      it comes from the stub's environment, never from its launch file
     */
    public static Behaviour behaviour(StubLaunch launch, String redisPassword, StubMetrics metrics) {
        StubSpec spec = launch.spec();
        var registry = metrics.registry();
        return switch (spec.role()) {
            case BACKEND -> new GenericBackend(spec.payloadBytes());
            case METADATA_DB -> new MetadataDatabase(spec.pool(), spec.payloadBytes(), registry);
            case AUTH -> sessionStore(launch, redisPassword).<Behaviour>map(redis -> new SessionAuth(redis, spec, registry))
                    .orElseGet(() -> new Auth(upstream(launch, StubRole.METADATA_DB), spec.payloadBytes(), registry));
            case STREAM -> new Stream(upstream(launch, StubRole.AUTH), spec.payloadBytes(), registry);
            case PLAYLIST, SEARCH, RECOMMENDATION -> new MetadataService(
                    new MetadataCache(spec.cache().budgetMb() * 1024L * 1024L, Runtime.getRuntime().maxMemory(), metrics::heapAfterGc),
                    upstream(launch, StubRole.METADATA_DB),
                    spec.cache().entryBytes(), spec.cache().catalogSize(), spec.payloadBytes(),
                    spec.role() == StubRole.RECOMMENDATION ? spec.contextBytes() : 0,
                    spec.leaks(), threadLocalRandom(), registry);
            case PERIMETER -> throw new IllegalArgumentException("the perimeter is an event-driven proxy, not a request-thread behaviour");
        };
    }

    /**
     * A pool of connections to the Redis among the stub's upstreams, if it has one: at most
     * {@code pool.size} connections, a request waiting at most {@code pool.acquireTimeout} for one
     * and each command at most {@code sessions.timeout} — so a slow or full Redis fails requests
     * in bounded time instead of piling them up. The launch names the Redis without a password;
     * {@code password} (null for none) is the one its {@code AUTH} wants.
     */
    static Optional<JedisPool> sessionStore(StubLaunch launch, String password) {
        return launch.clusters().values().stream().flatMap(List::stream).map(URI::create)
                .filter(u -> HttpUrls.REDIS_SCHEME.equals(u.getScheme())).findFirst().map(url -> {
                    StubSpec spec = launch.spec();
                    JedisPoolConfig config = new JedisPoolConfig();
                    config.setMaxTotal(spec.pool().size());
                    config.setMaxIdle(spec.pool().size());
                    config.setMaxWait(spec.pool().acquireTimeout());
                    config.setBlockWhenExhausted(true);
                    int timeout = (int) spec.sessions().timeout().toMillis();
                    return new JedisPool(config, new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()),
                            DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                                    .password(password)
                                    .clientName(launch.target() + "-" + launch.instance()).build());
                });
    }

    private static UpstreamClient upstream(StubLaunch launch, StubRole role) {
        List<String> urls = launch.upstreams().getOrDefault(role, List.of());
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a " + launch.spec().role().id() + " stub needs a " + role.id() + " upstream");
        }
        return new UpstreamClient(urls, UPSTREAM_TIMEOUT);
    }

    /** A thread-safe random source: each calling thread draws from its own generator. */
    public static RandomGenerator threadLocalRandom() {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return ThreadLocalRandom.current().nextLong();
            }
        };
    }
}
