package io.soakrig.stubs.roles;

import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.service.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Builds the behaviour of a stub's role from its launch, wired to its upstreams and metrics. */
public final class Roles {
    /** How long a stub waits for an upstream answer before counting it as failed. */
    static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);

    private Roles() {
    }

    public static Behaviour behaviour(StubLaunch launch, StubMetrics metrics) {
        StubSpec spec = launch.spec();
        var registry = metrics.registry();
        return switch (spec.role()) {
            case BACKEND -> new GenericBackend(spec.payloadBytes());
            case METADATA_DB -> new MetadataDatabase(spec.pool(), spec.payloadBytes(), registry);
            case AUTH -> new Auth(upstream(launch, StubRole.METADATA_DB), spec.payloadBytes(), registry);
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
