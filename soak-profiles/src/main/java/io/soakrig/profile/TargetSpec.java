package io.soakrig.profile;

import java.net.URI;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A service under test: a stub soakrig launches ({@link StubTarget}, written {@code stub: {…}}),
 * a running service it attaches to by URL ({@link UrlTarget}, written {@code url: …}), a container
 * of the user's own image ({@link ContainerTarget}, written {@code container: {…}}), a Redis it
 * starts ({@link RedisTarget}, written {@code redis: {…}}) or a running Redis it attaches to
 * ({@link RedisUrlTarget}, written {@code url: redis://…}). Sealed, so a target is always exactly
 * one kind; a new kind is a new record here and one line in {@link Form}.
 */
public sealed interface TargetSpec permits StubTarget, UrlTarget, ContainerTarget, RedisTarget, RedisUrlTarget {
    /** What to write when a target's keys make no kind, or several. */
    String ONE_KIND = "give exactly one of 'stub' (launch a target stub), 'url' (attach to a running service),"
            + " 'container' (run your image) or 'redis' (start a redis-server)";

    /** Whether soakrig launches this target as stub processes (sampled through their admin port). */
    default boolean isStub() {
        return this instanceof StubTarget;
    }

    /** The stub this target launches. @throws IllegalStateException when it is not a {@link #isStub() stub} */
    default StubSpec stub() {
        throw new IllegalStateException("not a stub target: " + this);
    }

    /** Whether soakrig runs this target as a container (sampled through its engine). */
    default boolean isContainer() {
        return this instanceof ContainerTarget;
    }

    /** The container this target runs. @throws IllegalStateException when it is not a {@link #isContainer() container} */
    default ContainerSpec container() {
        throw new IllegalStateException("not a container target: " + this);
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
    record Form(StubSpec stub, URI url, MemorySourceSpec memory, ContainerSpec container, RedisSpec redis)
            implements ProfileBinding.Form<TargetSpec> {
        @Override
        public TargetSpec choice(Checks at) {
            if (Stream.of(stub, url, container, redis).filter(Objects::nonNull).count() != 1) {
                return at.unreadable(ONE_KIND);
            }
            if (stub != null && memory != null) {
                return at.at("memory").unreadable("a stub is sampled through its admin port; memory sources are for url targets");
            }
            if (container != null && memory != null) {
                return at.at("memory").unreadable("a container is sampled through its engine; memory sources are for url targets");
            }
            boolean redisUrl = url != null && HttpUrls.REDIS_SCHEME.equals(url.getScheme());
            if ((redis != null || redisUrl) && memory != null) {
                return at.at("memory").unreadable("a Redis is sampled with INFO memory; memory sources are for http:// url targets");
            }
            if (stub != null) {
                return new StubTarget(stub);
            }
            if (container != null) {
                return new ContainerTarget(container);
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
