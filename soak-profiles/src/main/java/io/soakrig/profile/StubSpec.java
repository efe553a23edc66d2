package io.soakrig.profile;

import java.time.Duration;
import java.util.List;

/**
 * A target stub launched by the harness in its own JVM (or several, see {@code instances}), and
 * the configuration that stub runs with. The harness hands this record to the stub process as
 * JSON ({@link StubLaunch}), so the stub reads exactly what the profile validated.
 *
 * @param role          which stub to run
 * @param version       behaviour version; for {@code recommendation}, {@code v3.2.0} is healthy and
 *                      {@code v3.2.1} keeps every user context forever (the seed's leak)
 * @param instances     how many processes serve this target, 1..16 (default 1)
 * @param heapMb        each JVM's maximum heap ({@code -Xmx}) in MiB (default 128)
 * @param memoryLimitMb the container memory limit of each process in MiB, enforced by a cgroup
 *                      or an RSS watchdog; absent means no limit
 * @param workers       request worker threads, 1..1024 (default 64): requests wait on upstreams
 *                      and pools on these, as in a thread-per-request service
 * @param payloadBytes  response body size in bytes (default 256)
 * @param upstreams     names of the targets this stub calls (auth for stream, the database for
 *                      auth and the metadata services)
 * @param faults        injected faults, overridable per request by the {@value #FAULT_HEADER} header
 * @param cache         the metadata cache of playlist, search and recommendation
 * @param pool          the connection pool of the metadata database
 * @param contextBytes  bytes of the per-user context recommendation builds per request (default 16384)
 * @param restart       what the supervisor does when the process exits
 * @param perimeter     the perimeter's routes, filters, retries, breakers and overload manager
 * @param sessions      for an {@code auth} whose upstream is a Redis: the sessions it keeps there
 */
public record StubSpec(
        StubRole role,
        String version,
        Integer instances,
        Integer heapMb,
        Integer memoryLimitMb,
        Integer workers,
        Integer payloadBytes,
        List<String> upstreams,
        FaultSpec faults,
        CacheSpec cache,
        PoolSpec pool,
        Integer contextBytes,
        RestartSpec restart,
        PerimeterSpec perimeter,
        SessionSpec sessions) {

    public static final int DEFAULT_HEAP_MB = 128;
    /** Request header whose value replaces the stub's faults for that request, e.g. {@code errorRate=1}. */
    public static final String FAULT_HEADER = "x-soakrig-faults";
    public static final String HEALTHY_VERSION = "v3.2.0";
    public static final String LEAKING_VERSION = "v3.2.1";

    public StubSpec {
        version = version == null ? HEALTHY_VERSION : version;
        instances = instances == null ? 1 : instances;
        heapMb = heapMb == null ? DEFAULT_HEAP_MB : heapMb;
        workers = workers == null ? 64 : workers;
        payloadBytes = payloadBytes == null ? 256 : payloadBytes;
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        faults = faults == null ? FaultSpec.NONE : faults;
        cache = cache == null ? CacheSpec.DEFAULT : cache;
        pool = pool == null ? PoolSpec.DEFAULT : pool;
        contextBytes = contextBytes == null ? 16_384 : contextBytes;
        restart = restart == null ? RestartSpec.KUBERNETES : restart;
        perimeter = perimeter == null ? new PerimeterSpec(null, null, null, null, null, null) : perimeter;
        sessions = sessions == null ? SessionSpec.DEFAULT : sessions;
    }

    /** A stub of {@code role} with every default. */
    public static StubSpec of(StubRole role) {
        return new StubSpec(role, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same stub with any non-null setting replaced: an experiment cell's variant. */
    public StubSpec with(Integer instances, Integer heapMb, Integer memoryLimitMb, Long maxHeapSizeBytes) {
        PerimeterSpec p = perimeter;
        if (maxHeapSizeBytes != null) {
            PerimeterSpec.Overload o = p.overload();
            p = new PerimeterSpec(p.routes(), p.filters(), p.rateLimit(), p.retry(), p.circuitBreakers(),
                    new PerimeterSpec.Overload(maxHeapSizeBytes, o.disableKeepAliveAt(), o.stopAcceptingRequestsAt(), o.connectionStateBytes()));
        }
        return new StubSpec(role, version, instances == null ? this.instances : instances, heapMb == null ? this.heapMb : heapMb,
                memoryLimitMb == null ? this.memoryLimitMb : memoryLimitMb, workers, payloadBytes, upstreams, faults, cache, pool,
                contextBytes, restart, p, sessions);
    }

    /**
     * Whether this auth's sessions never expire: {@value #LEAKING_VERSION} writes them without a
     * TTL, as when the seed's session cleanup job failed.
     */
    public boolean sessionsLeak() {
        return role == StubRole.AUTH && LEAKING_VERSION.equals(version);
    }

    /**
     * The sessions an {@code auth} backed by Redis keeps: each login writes a session of
     * {@code bytes} under a new token with a time to live of {@code ttl} (unless the version leaks),
     * and every validation reads it back, through a pool of {@code pool.size} connections waited
     * for at most {@code pool.acquireTimeout}, each command given {@code timeout}.
     *
     * @param ttl     how long a session lives after its login (wall-clock time: Redis expires in real time)
     * @param bytes   the size of a session's value
     * @param timeout how long one Redis command may take before the request fails
     */
    public record SessionSpec(Duration ttl, Integer bytes, Duration timeout) {
        public static final SessionSpec DEFAULT = new SessionSpec(null, null, null);

        public SessionSpec {
            ttl = ttl == null ? Duration.ofMinutes(30) : ttl;
            bytes = bytes == null ? 1024 : bytes;
            timeout = timeout == null ? Duration.ofMillis(500) : timeout;
        }
    }

    /** Whether this stub keeps user contexts forever. */
    public boolean leaks() {
        return role == StubRole.RECOMMENDATION && LEAKING_VERSION.equals(version);
    }

    /**
     * Faults injected into every request before the stub's own behaviour. All are optional and
     * compose: a request may be delayed, then stalled, then answered with an error.
     *
     * @param latency    added latency; fixed, or the median of a log-normal when {@code latencyP99} is set
     * @param latencyP99 99th percentile of the log-normal latency, > latency
     * @param errorRate  share of requests answered with {@code errorStatus}, 0..1
     * @param errorStatus status of injected errors, 500..599 (default 503)
     * @param stallEvery period of stalls: every this often the whole stub freezes…
     * @param stallFor   …for this long (a stop-the-world pause, as a long GC would cause)
     * @param resetRate  share of connections reset without an answer, 0..1
     * @param leakBytes  bytes retained forever per request (a generic leak for any stub)
     * @param hangRate   share of requests never answered, 0..1: the connection stays open and silent,
     *                   as behind a wedged thread or a lost upstream reply, until the client gives up
     */
    public record FaultSpec(
            Duration latency,
            Duration latencyP99,
            Double errorRate,
            Integer errorStatus,
            Duration stallEvery,
            Duration stallFor,
            Double resetRate,
            Integer leakBytes,
            Double hangRate) {
        public static final FaultSpec NONE = new FaultSpec(null, null, null, null, null, null, null, null, null);

        public FaultSpec {
            errorStatus = errorStatus == null ? 503 : errorStatus;
        }

        /** Most bytes the leak fault may retain per request: 10 MiB. */
        public static final int MAX_LEAK_BYTES = 10 << 20;

        /**
         * Reads the per-request override header: comma-separated {@code key=value} pairs with the
         * same keys as in a profile, e.g. {@code errorRate=1, latency=20ms}. An empty header means
         * no faults for this request.
         *
         * @throws IllegalArgumentException naming the key that is unknown, malformed or out of range
         */
        public static FaultSpec fromHeader(String header) {
            try {
                return parse(header);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fault header: " + e.getMessage(), e);
            }
        }

        /**
         * Reads faults written in the header's syntax ({@code errorRate=0.1, latency=20ms}) and
         * holds them to the same rules as a profile's, so a header or a flag cannot ask for what a
         * profile may not (an error rate of 2, a 2 GiB leak per request).
         *
         * @throws IllegalArgumentException naming the first key that is unknown, malformed or out of range
         */
        public static FaultSpec parse(String spec) {
            java.util.Map<String, String> v = new java.util.HashMap<>();
            for (String pair : spec.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String key = kv[0].strip();
                if (kv.length != 2 || !HEADER_KEYS.contains(key)) {
                    throw new IllegalArgumentException("expected key=value with keys " + HEADER_KEYS + ", got '" + pair.strip() + "'");
                }
                v.put(key, kv[1].strip());
            }
            FaultSpec faults = new FaultSpec(duration(v, "latency"), duration(v, "latencyP99"), number(v, "errorRate"),
                    integer(v, "errorStatus"), duration(v, "stallEvery"), duration(v, "stallFor"),
                    number(v, "resetRate"), integer(v, "leakBytes"), number(v, "hangRate"));
            faults.problems().stream().findFirst().ifPresent(p -> {
                throw new IllegalArgumentException(p.key() + ": " + p.message());
            });
            return faults;
        }

        /** A rule these faults break: the key, as a profile and the header spell it, and what is wrong. */
        public record Problem(String key, String message) {
        }

        /** Every rule these faults break, in key order; empty when they can be injected. */
        public List<Problem> problems() {
            List<Problem> problems = new java.util.ArrayList<>();
            share(errorRate, "errorRate", problems);
            share(resetRate, "resetRate", problems);
            share(hangRate, "hangRate", problems);
            if (errorStatus < 500 || errorStatus > 599) {
                problems.add(new Problem("errorStatus", "must be between 500 and 599, was " + errorStatus));
            }
            if (leakBytes != null && (leakBytes < 0 || leakBytes > MAX_LEAK_BYTES)) {
                problems.add(new Problem("leakBytes", "must be between 0 and " + MAX_LEAK_BYTES + ", was " + leakBytes));
            }
            if (latency != null && latency.isNegative()) {
                problems.add(new Problem("latency", "must not be negative"));
            }
            if (stallFor != null && stallFor.isNegative()) {
                problems.add(new Problem("stallFor", "must not be negative"));
            }
            if (latencyP99 != null && (latency == null || latencyP99.compareTo(latency) <= 0)) {
                problems.add(new Problem("latencyP99", "needs latency (the median) and must be longer than it"));
            }
            if ((stallEvery == null) != (stallFor == null)) {
                problems.add(new Problem(stallEvery == null ? "stallEvery" : "stallFor", "stallEvery and stallFor go together"));
            } else if (stallEvery != null && (stallEvery.isZero() || stallEvery.isNegative())) {
                problems.add(new Problem("stallEvery", "must be longer than zero"));
            } else if (stallEvery != null && stallFor.compareTo(stallEvery) >= 0) {
                problems.add(new Problem("stallFor", "must be shorter than stallEvery"));
            }
            return problems;
        }

        private static void share(Double value, String key, List<Problem> problems) {
            if (value != null && !(value >= 0 && value <= 1)) {
                problems.add(new Problem(key, "must be a share between 0 and 1, was " + value));
            }
        }

        private static final java.util.List<String> HEADER_KEYS = java.util.List.of(
                "latency", "latencyP99", "errorRate", "errorStatus", "stallEvery", "stallFor", "resetRate", "leakBytes", "hangRate");

        private static Duration duration(java.util.Map<String, String> values, String key) {
            String s = values.get(key);
            try {
                return s == null ? null : ProfileDurations.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }

        private static Double number(java.util.Map<String, String> values, String key) {
            String s = values.get(key);
            try {
                return s == null ? null : Double.valueOf(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": must be a number, was '" + s + "'", e);
            }
        }

        private static Integer integer(java.util.Map<String, String> values, String key) {
            String s = values.get(key);
            try {
                return s == null ? null : Integer.valueOf(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": must be a whole number, was '" + s + "'", e);
            }
        }
    }

    /**
     * A metadata cache with a memory budget. Its budget is also capped by the heap actually free,
     * so that when something else eats the heap the cache shrinks, as memory-sensitive caches do.
     *
     * @param budgetMb    most MiB the cache may hold (default 32)
     * @param entryBytes  size of one cached metadata entry (default 4096)
     * @param catalogSize distinct metadata keys, drawn uniformly per request (default 10000)
     */
    public record CacheSpec(Integer budgetMb, Integer entryBytes, Integer catalogSize) {
        public static final CacheSpec DEFAULT = new CacheSpec(null, null, null);

        public CacheSpec {
            budgetMb = budgetMb == null ? 32 : budgetMb;
            entryBytes = entryBytes == null ? 4096 : entryBytes;
            catalogSize = catalogSize == null ? 10_000 : catalogSize;
        }
    }

    /**
     * The metadata database's connection pool.
     *
     * @param size           connections, 1..1024 (default 8)
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
    }

    /**
     * Restart policy, as a Kubernetes pod's: {@code always} restarts after every exit with the
     * CrashLoopBackOff delay (starting at {@code backoff}, doubling to {@code maxBackoff}, back to
     * the start once a process has run for {@code resetAfter}); {@code never} leaves it down.
     * Durations are in profile time.
     */
    public record RestartSpec(String policy, Duration backoff, Duration maxBackoff, Duration resetAfter) {
        public static final RestartSpec KUBERNETES = new RestartSpec(null, null, null, null);

        public RestartSpec {
            policy = policy == null ? "always" : policy;
            backoff = backoff == null ? Duration.ofSeconds(10) : backoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(300) : maxBackoff;
            resetAfter = resetAfter == null ? Duration.ofMinutes(10) : resetAfter;
        }

        public boolean restarts() {
            return "always".equals(policy);
        }
    }
}
