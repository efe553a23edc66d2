package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A Redis the harness starts: Debian's {@code redis-server} on 127.0.0.1, with no persistence
 * (a soak measures memory, and a fork for a snapshot would double it), supervised like a stub.
 *
 * @param maxmemoryMb     Redis's {@code maxmemory} in MiB, within {@link Limits#MAXMEMORY_MB}: what {@code used_memory} may reach
 *                        before the policy acts
 * @param maxmemoryPolicy what Redis does at {@code maxmemory} ({@code noeviction} when absent: writes fail)
 * @param port            the port, or absent for a free one chosen at start
 * @param memoryLimitMb   the container memory limit of the process in MiB, within {@link Limits#MEMORY_LIMIT_MB},
 *                        enforced as for stubs; absent for none
 * @param restart         what the supervisor does when the process exits
 */
public record RedisSpec(Integer maxmemoryMb, EvictionPolicy maxmemoryPolicy, Integer port, Integer memoryLimitMb,
                        RestartSpec restart) {
    public RedisSpec {
        maxmemoryPolicy = maxmemoryPolicy == null ? EvictionPolicy.NOEVICTION : maxmemoryPolicy;
        restart = restart == null ? RestartSpec.KUBERNETES : restart;
    }

    /** {@code maxmemory} in bytes. */
    public long maxmemoryBytes() {
        return maxmemoryMb * 1024L * 1024L;
    }

    /** Checks the server's own settings. */
    void check(Checks at) {
        if (at.at("maxmemoryMb").require(maxmemoryMb)) {
            at.at("maxmemoryMb").within(maxmemoryMb, Limits.MAXMEMORY_MB);
        }
        at.at("port").within(port, Limits.PORT);
        at.at("memoryLimitMb").within(memoryLimitMb, Limits.MEMORY_LIMIT_MB);
        restart.check(at.at("restart"));
    }

    /** Redis's {@code maxmemory-policy} values, as Redis spells them. */
    public enum EvictionPolicy {
        NOEVICTION, ALLKEYS_LRU, VOLATILE_LRU, ALLKEYS_LFU, VOLATILE_LFU, ALLKEYS_RANDOM, VOLATILE_RANDOM, VOLATILE_TTL;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static EvictionPolicy of(String id) {
            return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown maxmemory-policy '" + id + "'; Redis knows "
                            + Arrays.stream(values()).map(EvictionPolicy::id).collect(Collectors.joining(", "))));
        }
    }
}
