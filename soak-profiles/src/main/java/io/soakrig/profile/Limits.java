package io.soakrig.profile;

import java.time.Duration;

/**
 * Every numeric limit a profile is held to, in one place, each with the reason it has the value
 * it has. A spec's {@code check} reads its limits from here; so do the experiment's variants of a
 * setting (a cell's {@code memoryLimitMb} is a stub's {@code memoryLimitMb}, so it obeys the same
 * range) and code outside this module that accepts the same setting, such as the simulations'
 * client retry policy.
 *
 * <p>Limits are deliberately finite: every load loop soakrig runs is bounded, so a typo such as an
 * extra zero is an error before anything starts rather than a runaway run.
 */
public final class Limits {
    /** An inclusive range of whole numbers. */
    public record Range(long min, long max) {
        public boolean contains(long value) {
            return value >= min && value <= max;
        }
    }

    /** Highest arrival rate per second: above what one load generator on a small machine can send. */
    public static final double MAX_RATE_PER_SECOND = 50_000;
    /** Longest arrival schedule, in profile time: a week covers any soak and catches a unit typo. */
    public static final Duration MAX_SCHEDULE = Duration.ofDays(7);
    /** Most times faster than wall time a profile may run. */
    public static final double MAX_TIME_COMPRESSION = 10_000;

    /** A stub JVM's {@code -Xmx} in MiB: below 16 a JVM barely starts; 16 GiB is more than any stub needs. */
    public static final Range HEAP_MB = new Range(16, 16_384);
    /**
     * A stub's container memory limit in MiB, for a stub target and for an experiment's memory
     * variant alike (the variant replaces the stub's setting, so it cannot be allowed what the stub
     * is not). Up to 64 GiB: a limit is enforced on this machine by a cgroup or an RSS watchdog, and
     * one above any test machine's memory enforces nothing. Earlier an experiment allowed 1 TiB.
     */
    public static final Range MEMORY_LIMIT_MB = new Range(32, 65_536);
    /**
     * A container target's memory limit in MiB. From 6: Docker and Podman refuse a smaller limit,
     * so the engine's own refusal becomes a profile error; up to 64 GiB, as a stub's limit, since a
     * limit above any test machine's memory enforces nothing.
     */
    public static final Range CONTAINER_MEMORY_LIMIT_MB = new Range(6, 65_536);
    /**
     * A started Redis's {@code maxmemory} in MiB: at least 1 (0 would mean no limit to Redis, and a
     * soak needs the limit its leak is projected to), at most a stub's memory limit.
     */
    public static final Range MAXMEMORY_MB = new Range(1, 65_536);
    /** A TCP port a started target or a container's service listens on. */
    public static final Range PORT = new Range(1, 65_535);
    /** A session an auth keeps in Redis: 1 byte to 1 MiB. */
    public static final Range SESSION_BYTES = new Range(1, 1 << 20);
    /** Processes per target, in a stub target and an experiment's instance counts alike: 2 cores run 16 at most. */
    public static final Range INSTANCES = new Range(1, 16);
    /** Request worker threads of a stub, and connections of its pool. */
    public static final Range THREADS = new Range(1, 1024);
    /** A stub's response body and per-user context: up to 10 MiB. */
    public static final Range PAYLOAD_BYTES = new Range(0, 10 << 20);
    /** A metadata cache entry, 1 byte to 1 MiB. */
    public static final Range CACHE_ENTRY_BYTES = new Range(1, 1 << 20);
    /** Distinct metadata keys of a cache. */
    public static final Range CATALOG_SIZE = new Range(1, 100_000_000);
    /** A request body: up to the stubs' request limit of 1 MiB. */
    public static final Range BODY_BYTES = new Range(0, 1 << 20);
    /** Least {@code max_heap_size_bytes} of a perimeter's overload manager: 1 MiB. */
    public static final long MIN_OVERLOAD_HEAP_BYTES = 1 << 20;
    /** Bytes a perimeter holds per open connection: up to 16 MiB. */
    public static final Range CONNECTION_STATE_BYTES = new Range(0, 16 << 20);

    /** Size of the user population whose ids fill {@code {user}}. */
    public static final Range USERS = new Range(1, 1_000_000_000);
    /** Requests a session step sends in a row. */
    public static final Range REPEAT = new Range(1, 100);
    /** How far from UTC a region's local time may be: the world's time zones span UTC-12 to UTC+14. */
    public static final Duration MAX_UTC_OFFSET = Duration.ofHours(14);
    /** The longest request timeout: a request still open after 5 minutes is hung, not slow. */
    public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);

    /** Client retries after the first attempt, in a profile and in the simulations' RetryPolicy alike. */
    public static final Range CLIENT_RETRIES = new Range(0, 100);
    /** Client processes the traffic is spread over, each with its own retry state. */
    public static final Range CLIENTS = new Range(1, 10_000);
    /** A gRPC retry-throttling bucket's size. */
    public static final Range BUCKET_TOKENS = new Range(1, 1000);
    /**
     * The largest client retry budget, as retries per request, in a profile and in the simulations'
     * RetryPolicy alike (which used to accept up to 10). A budget exists to keep retries a fraction
     * of requests, as Finagle's RetryBudget and Envoy's {@code retry_budget} (a percentage up to
     * 100) do; one above 1 bounds nothing {@code maxRetries} does not, and is almost always a
     * percentage written as a number ({@code budget: 10} for 10 %), so it is refused.
     */
    public static final double MAX_RETRY_BUDGET = 1.0;

    /** A perimeter's route retries (Envoy's {@code num_retries}). */
    public static final Range ROUTE_RETRIES = new Range(0, 10);
    /** A perimeter's circuit-breaker thresholds. */
    public static final long MAX_BREAKER_THRESHOLD = 1_000_000;
    /** A perimeter's rate-limit bucket. */
    public static final Range BURST = new Range(1, 10_000_000);

    private Limits() {
    }
}
