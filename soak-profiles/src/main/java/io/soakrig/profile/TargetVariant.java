package io.soakrig.profile;

/**
 * A change to one target for an experiment's variant: a Redis's {@code maxmemory} or eviction
 * policy, or a stub's behaviour version (for an auth keeping sessions in Redis, {@code v3.2.0}
 * gives them a TTL, {@code v3.2.1} is the failed cleanup). Absent settings are kept as the target
 * has them. Which settings apply depends on the target's kind, so {@link #check} is given it.
 *
 * @param maxmemoryMb     a started Redis's {@code maxmemory}, MiB
 * @param maxmemoryPolicy a started Redis's {@code maxmemory-policy}
 * @param version         a stub's behaviour version
 */
public record TargetVariant(Integer maxmemoryMb, RedisSpec.EvictionPolicy maxmemoryPolicy, StubVersion version) {
    /** Checks the change as applied to {@code target}, the profile's target {@code name}. */
    void check(Checks at, String name, TargetSpec target) {
        boolean redis = target instanceof RedisTarget;
        if (maxmemoryMb != null && !redis) {
            at.at("maxmemoryMb").fail("only a started Redis (redis:) has a maxmemory; " + name + " is not one");
        } else {
            at.at("maxmemoryMb").within(maxmemoryMb, Limits.MAXMEMORY_MB);
        }
        if (maxmemoryPolicy != null && !redis) {
            at.at("maxmemoryPolicy").fail("only a started Redis (redis:) has a maxmemory-policy; " + name + " is not one");
        }
        if (version != null && !target.isStub()) {
            at.at("version").fail("only a stub has a behaviour version; " + name + " is not one");
        }
    }

    /** {@code target} with this change applied; checked by {@link #check} first. */
    TargetSpec applyTo(TargetSpec target) {
        if (target instanceof RedisTarget r) {
            RedisSpec s = r.redis();
            return new RedisTarget(new RedisSpec(maxmemoryMb == null ? s.maxmemoryMb() : maxmemoryMb,
                    maxmemoryPolicy == null ? s.maxmemoryPolicy() : maxmemoryPolicy, s.port(), s.memoryLimitMb(), s.restart()));
        }
        return version == null ? target : new StubTarget(target.stub().withVersion(version));
    }
}
