package io.soakrig.profile;

import java.net.URI;

/**
 * A service under test: a stub soakrig launches ({@link StubTarget}, written {@code stub: {…}}),
 * a running service it attaches to by URL ({@link UrlTarget}, written {@code url: …}), a Redis it
 * starts ({@link RedisTarget}, written {@code redis: {…}}) or a running Redis it attaches to
 * ({@link RedisUrlTarget}, written {@code url: redis://…}). Sealed, so
 * a target is always exactly one kind; a new kind is a new record here and one line in
 * {@link Form}.
 */
public sealed interface TargetSpec permits StubTarget, UrlTarget, RedisTarget, RedisUrlTarget {

    /** Whether soakrig launches this target as stub processes (sampled through their admin port). */
    default boolean isStub() {
        return this instanceof StubTarget;
    }

    /** The stub this target launches. @throws IllegalStateException when it is not a {@link #isStub() stub} */
    default StubSpec stub() {
        throw new IllegalStateException("not a stub target: " + this);
    }

    /** Whether this target is a Redis, started by soakrig or attached to by a {@code redis://} URL (sampled with {@code INFO memory}). */
    default boolean isRedis() {
        return this instanceof RedisTarget || this instanceof RedisUrlTarget;
    }

    /** The Redis this target starts. @throws IllegalStateException when it is not a {@link RedisTarget} */
    default RedisSpec redis() {
        throw new IllegalStateException("not a started Redis target: " + this);
    }

    /** Checks this target, named {@code name}, placed at its key; references to other targets are {@link References}'. */
    void check(String name, Checks at);

    /** The keys a target may be written with. */
    record Form(StubSpec stub, URI url, MemorySourceSpec memory, RedisSpec redis) implements ProfileBinding.Form<TargetSpec> {
        @Override
        public TargetSpec choice(Checks at) {
            long given = java.util.stream.Stream.of(stub, url, redis).filter(java.util.Objects::nonNull).count();
            if (given == 0) {
                return at.unreadable("give exactly one of 'stub' (launch a target stub) or 'url' (attach to a running service)");
            }
            if (given > 1) {
                return at.unreadable("give exactly one of 'stub' (launch a target stub), 'url' (attach to a running service) or"
                        + " 'redis' (start a redis-server)");
            }
            if (stub != null && memory != null) {
                return at.at("memory").unreadable("a stub is sampled through its admin port; memory sources are for url targets");
            }
            boolean redisUrl = url != null && HttpUrls.REDIS_SCHEME.equals(url.getScheme());
            if ((redis != null || redisUrl) && memory != null) {
                return at.at("memory").unreadable("a Redis is sampled with INFO memory; memory sources are for http:// url targets");
            }
            if (stub != null) {
                return new StubTarget(stub);
            }
            if (redis != null) {
                return new RedisTarget(redis);
            }
            return redisUrl ? new RedisUrlTarget(url) : new UrlTarget(url, memory);
        }
    }

    /** Binds a target from its {@link Form}. */
    ProfileBinding.Alternatives<TargetSpec, Form> BINDING = new ProfileBinding.Alternatives<>(TargetSpec.class, Form.class);
}
