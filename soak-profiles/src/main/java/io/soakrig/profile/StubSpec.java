package io.soakrig.profile;

import java.time.Duration;
import java.util.List;

/**
 * A target stub launched by the harness in its own JVM (or several, see {@code instances}), and
 * the configuration that stub runs with. The harness hands this record to the stub process as
 * JSON ({@link StubLaunch}), so the stub reads exactly what the profile validated.
 *
 * @param role          which stub to run
 * @param version       behaviour version (default {@code v3.2.0}); see {@link StubVersion}
 * @param instances     how many processes serve this target, within {@link Limits#INSTANCES} (default 1)
 * @param heapMb        each JVM's maximum heap ({@code -Xmx}) in MiB, within {@link Limits#HEAP_MB} (default 128)
 * @param memoryLimitMb the container memory limit of each process in MiB, within
 *                      {@link Limits#MEMORY_LIMIT_MB}, enforced by a cgroup or an RSS watchdog;
 *                      absent means no limit
 * @param workers       request worker threads, within {@link Limits#THREADS} (default 64): requests wait on upstreams
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
        StubVersion version,
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
        SessionStoreSpec sessions) {

    public static final int DEFAULT_HEAP_MB = 128;
    /** Request header whose value replaces the stub's faults for that request, e.g. {@code errorRate=1}. */
    public static final String FAULT_HEADER = "x-soakrig-faults";

    public StubSpec {
        version = version == null ? StubVersion.V3_2_0 : version;
        instances = instances == null ? 1 : instances;
        heapMb = heapMb == null ? DEFAULT_HEAP_MB : heapMb;
        workers = workers == null ? 64 : workers;
        payloadBytes = payloadBytes == null ? 256 : payloadBytes;
        upstreams = upstreams == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(upstreams));
        faults = faults == null ? FaultSpec.NONE : faults;
        cache = cache == null ? CacheSpec.DEFAULT : cache;
        pool = pool == null ? PoolSpec.DEFAULT : pool;
        contextBytes = contextBytes == null ? 16_384 : contextBytes;
        restart = restart == null ? RestartSpec.KUBERNETES : restart;
        perimeter = perimeter == null ? new PerimeterSpec(null, null, null, null, null, null) : perimeter;
        sessions = sessions == null ? SessionStoreSpec.DEFAULT : sessions;
    }

    /** A stub of {@code role} with every default. */
    public static StubSpec of(StubRole role) {
        return new StubSpec(role, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same stub with any non-null setting replaced: an experiment cell's variant. */
    public StubSpec with(Integer instances, Integer heapMb, Integer memoryLimitMb, Long maxHeapSizeBytes) {
        PerimeterSpec p = perimeter;
        if (maxHeapSizeBytes != null) {
            Overload o = p.overload();
            p = new PerimeterSpec(p.routes(), p.filters(), p.rateLimit(), p.retry(), p.circuitBreakers(),
                    new Overload(maxHeapSizeBytes, o.disableKeepAliveAt(), o.stopAcceptingRequestsAt(), o.connectionStateBytes()));
        }
        return new StubSpec(role, version, instances == null ? this.instances : instances, heapMb == null ? this.heapMb : heapMb,
                memoryLimitMb == null ? this.memoryLimitMb : memoryLimitMb, workers, payloadBytes, upstreams, faults, cache, pool,
                contextBytes, restart, p, sessions);
    }

    /** The same stub running behaviour {@code newVersion}: an experiment variant's fix (or bug). */
    public StubSpec withVersion(StubVersion newVersion) {
        return new StubSpec(role, newVersion, instances, heapMb, memoryLimitMb, workers, payloadBytes, upstreams, faults, cache, pool,
                contextBytes, restart, perimeter, sessions);
    }

    /**
     * Whether this auth's sessions never expire: {@code v3.2.1} writes them without a TTL, as when
     * the seed's session cleanup job failed.
     */
    public boolean sessionsLeak() {
        return role == StubRole.AUTH && version == StubVersion.V3_2_1;
    }

    /** Whether this stub keeps user contexts forever. */
    public boolean leaks() {
        return role == StubRole.RECOMMENDATION && version == StubVersion.V3_2_1;
    }

    /** Checks the stub's own settings; its upstreams and the routes to them are {@link References}'. */
    void check(Checks at) {
        if (!at.at("role").require(role)) {
            return;
        }
        at.at("instances").within(instances, Limits.INSTANCES);
        at.at("heapMb").within(heapMb, Limits.HEAP_MB);
        at.at("memoryLimitMb").within(memoryLimitMb, Limits.MEMORY_LIMIT_MB);
        at.at("workers").within(workers, Limits.THREADS);
        at.at("payloadBytes").within(payloadBytes, Limits.PAYLOAD_BYTES);
        at.at("contextBytes").within(contextBytes, Limits.PAYLOAD_BYTES);
        faults.check(at.at("faults"));
        if (role == StubRole.PERIMETER) {
            perimeter.check(at.at("perimeter"));
        }
        cache.check(at.at("cache"));
        pool.check(at.at("pool"));
        restart.check(at.at("restart"));
    }
}
