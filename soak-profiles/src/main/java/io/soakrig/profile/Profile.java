package io.soakrig.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A soak profile: what to start, what traffic to send at it and which gates decide the verdict.
 *
 * <p>Profiles are plain immutable values bound from YAML by {@link ProfileLoader}, which also
 * validates them; a {@code Profile} obtained from the loader is always valid, so nothing
 * downstream re-checks ranges or presence.
 *
 * @param name        short identifier used to name run directories
 * @param description free text shown in reports
 * @param timeCompression how many times faster than wall time profile time runs (1 when absent):
 *                    the arrival schedule's durations and supervision delays such as restart
 *                    back-off are written in profile time and divided by this once, by
 *                    {@link #wall(Duration)}; arrival rates stay per wall-clock second, the
 *                    rates the target really sees
 * @param targets     the services under test by name, each a stub to launch or a URL to attach to
 * @param traffic     the open-model arrival schedule and endpoint mix
 * @param gates       thresholds that turn measurements into a verdict
 * @param leakDetection how memory growth is judged (wall-clock durations: memory grows in real time)
 * @param canary      a baseline and a canary target fed identical traffic and compared, or null
 * @param experiment  a matrix of client retry policies and failure levels to measure, or null
 * @param incident    a configuration push to perimeter stubs during the traffic, or null
 */
public record Profile(
        String name,
        String description,
        Double timeCompression,
        Map<String, TargetSpec> targets,
        TrafficSpec traffic,
        GatesSpec gates,
        LeakDetectionSpec leakDetection,
        CanarySpec canary,
        ExperimentSpec experiment,
        IncidentSpec incident) {

    public Profile {
        timeCompression = timeCompression == null ? 1.0 : timeCompression;
        leakDetection = leakDetection == null ? new LeakDetectionSpec(null, null, null, null, null) : leakDetection;
    }

    /**
     * An experiment: a matrix of cells played one after another, each the arrival schedule cut to
     * {@code cell}. Its dimensions are the client retry policies, and any of: failure levels,
     * variants of one stub target's memory settings, and that target's instance count.
     *
     * <p>The failure level is asked of the stubs per request (the {@value StubSpec#FAULT_HEADER}
     * header, which a perimeter passes on to its upstreams and does not apply itself), so cells
     * that differ only in retry policy and failure share one set of running stubs. A cell that
     * changes a stub's memory or instances, or a profile with an {@link IncidentSpec} (whose crash
     * must not carry over), gets its own stubs, started for the cell and stopped after it.
     *
     * @param cell      wall-clock length of each cell
     * @param retry     the client policies compared, by name, in order
     * @param failure   the shares of requests the stubs fail with 503, in order; empty for none
     * @param target    the stub target that {@code memory} and {@code instances} vary
     * @param memory    named variants of the target's memory settings (e.g. {@code misaligned}, {@code aligned})
     * @param instances instance counts of the target, in order
     * @param only      the ids of the cells to play, in matrix order; empty for every cell
     */
    public record ExperimentSpec(Duration cell, Map<String, RetrySpec> retry, List<Double> failure, String target,
                                 Map<String, MemoryVariant> memory, List<Integer> instances, List<String> only) {
        public ExperimentSpec {
            retry = retry == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(retry));
            failure = failure == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(failure));
            memory = memory == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(memory));
            instances = instances == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(instances));
            only = only == null ? List.of() : List.copyOf(only);
        }

        /** The cells played, in order: {@link #matrix()}, or those of it named in {@code only}. */
        public List<Cell> cells() {
            return only.isEmpty() ? matrix() : matrix().stream().filter(c -> only.contains(c.id())).toList();
        }

        /** The same experiment playing only the cells {@code ids}. */
        public ExperimentSpec only(List<String> ids) {
            return new ExperimentSpec(cell, retry, failure, target, memory, instances, ids);
        }

        /** Every cell of the matrix in order: every memory variant, retry policy, instance count and failure level. */
        public List<Cell> matrix() {
            List<String> memories = memory.isEmpty() ? java.util.Collections.singletonList(null) : List.copyOf(memory.keySet());
            List<Integer> counts = instances.isEmpty() ? java.util.Collections.singletonList(null) : instances;
            List<Double> failures = failure.isEmpty() ? java.util.Collections.singletonList(null) : failure;
            List<Cell> cells = new java.util.ArrayList<>();
            for (String m : memories) {
                for (String policy : retry.keySet()) {
                    for (Integer n : counts) {
                        failures.forEach(f -> cells.add(new Cell(policy, f, m, n)));
                    }
                }
            }
            return cells;
        }

        /** Whether a cell changes the stubs themselves, so that each needs its own. */
        public boolean changesStubs() {
            return !memory.isEmpty() || !instances.isEmpty();
        }

        /**
         * One cell; {@link #id()} names its directory, e.g. {@code immediate-p0.10} or
         * {@code misaligned-immediate-x2}. Absent dimensions are null.
         */
        public record Cell(String retry, Double failure, String memory, Integer instances) {
            public String id() {
                StringBuilder id = new StringBuilder();
                if (memory != null) {
                    id.append(memory).append('-');
                }
                id.append(retry);
                if (instances != null) {
                    id.append("-x").append(instances);
                }
                if (failure != null) {
                    id.append("-p").append(String.format(java.util.Locale.ROOT, "%.2f", failure));
                }
                return id.toString();
            }
        }
    }

    /**
     * A variant of a stub's memory settings, any of which may be absent (kept as the target has it).
     *
     * @param heapMb           the JVM's maximum heap
     * @param memoryLimitMb    the container memory limit
     * @param maxHeapSizeBytes a perimeter's overload manager {@code max_heap_size_bytes}
     */
    public record MemoryVariant(Integer heapMb, Integer memoryLimitMb, Long maxHeapSizeBytes) {
    }

    /**
     * A configuration pushed to perimeter stubs while traffic runs, to every instance at once —
     * as the April 2025 filter reorder was applied to every region simultaneously. The push lives
     * only in the running processes: a restarted instance boots with its profile configuration,
     * as a pod boots with its bootstrap after a rolled-back push.
     *
     * @param at      profile time after the traffic starts (in an experiment, after each cell starts)
     * @param filters the filter order pushed
     * @param targets the perimeter targets pushed to
     */
    public record IncidentSpec(Duration at, List<String> filters, List<String> targets) {
        public IncidentSpec {
            filters = filters == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(filters));
            targets = targets == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(targets));
        }
    }

    /**
     * A canary comparison: the traffic is sent, identically, to both targets, and the canary is
     * judged against the baseline (memory growth, latency per endpoint, error rate).
     *
     * @param baseline           the target running the known-good version
     * @param canary             the target running the candidate
     * @param latencyTolerance   how much slower the canary may be, as a share of the baseline's
     *                           median (0.2 when absent)
     * @param latencyToleranceMs the least slow-down that counts, milliseconds (1 when absent):
     *                           a share of a sub-millisecond median is scheduling noise
     * @param errorRateTolerance how much higher the canary's error rate may be, absolute (0.01)
     * @param significance       chance of a wrong FAIL or PASS per finding (0.01 when absent)
     */
    public record CanarySpec(String baseline, String canary, Double latencyTolerance, Double latencyToleranceMs,
                             Double errorRateTolerance, Double significance) {
        public CanarySpec {
            latencyTolerance = latencyTolerance == null ? 0.2 : latencyTolerance;
            latencyToleranceMs = latencyToleranceMs == null ? 1.0 : latencyToleranceMs;
            errorRateTolerance = errorRateTolerance == null ? 0.01 : errorRateTolerance;
            significance = significance == null ? 0.01 : significance;
        }
    }

    /**
     * How a leak is called (see the analysis module's LeakDetector): readings before {@code warmUp}
     * are ignored, {@code window} minima are judged, growth faster than {@code minLeakMBPerMin}
     * sustained over {@code minSpan} is a leak, and the chance of ever calling a leak where there
     * is none stays below {@code falseAlarmRate}. Defaults: 20s, 2s, 1 MiB/min, 4m, 0.01.
     */
    public record LeakDetectionSpec(Duration warmUp, Duration window, Double minLeakMBPerMin, Duration minSpan,
                                    Double falseAlarmRate) {
        public LeakDetectionSpec {
            warmUp = warmUp == null ? Duration.ofSeconds(20) : warmUp;
            window = window == null ? Duration.ofSeconds(2) : window;
            minLeakMBPerMin = minLeakMBPerMin == null ? 1.0 : minLeakMBPerMin;
            minSpan = minSpan == null ? Duration.ofMinutes(4) : minSpan;
            falseAlarmRate = falseAlarmRate == null ? 0.01 : falseAlarmRate;
        }
    }

    /** A profile-time duration in wall-clock time. */
    public Duration wall(Duration profileTime) {
        return Duration.ofNanos(Math.round(profileTime.toNanos() / timeCompression));
    }

    /** Total planned length of the arrival schedule, in profile time. */
    public Duration plannedProfileDuration() {
        return traffic.arrivals().stream().map(ArrivalStep::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Total planned length of the arrival schedule in wall-clock time: how long the traffic runs. */
    public Duration plannedDuration() {
        return wall(plannedProfileDuration());
    }

    /**
     * The arrival rate of each population over wall-clock time, as piecewise-linear segments the
     * load generator plays: one population per region (or one for all), diurnal curves resolved
     * in their local time. Time compression is applied here, once.
     */
    public List<ArrivalPlan> arrivalPlans() {
        return ArrivalPlan.of(this);
    }

    /**
     * The same profile with its arrival schedule cut at {@code limit} of wall-clock time: steps
     * past it are dropped and the step that straddles it is shortened (a ramp keeps its slope).
     * This is how {@code --duration} shortens any profile for CI without editing it.
     */
    public Profile truncatedTo(Duration limit) {
        Duration profileLimit = Duration.ofNanos(Math.round(limit.toNanos() * timeCompression));
        return new Profile(name, description, timeCompression, targets, traffic.truncatedTo(profileLimit), gates,
                leakDetection, canary, experiment, incident);
    }

    /** The stub targets, in an order where every stub comes after its upstreams. */
    public List<String> stubStartOrder() {
        List<String> order = new java.util.ArrayList<>();
        targets.keySet().forEach(name -> visit(name, order, new java.util.HashSet<>()));
        return order;
    }

    private void visit(String name, List<String> order, java.util.Set<String> path) {
        TargetSpec t = targets.get(name);
        if (t == null || t.stub() == null || order.contains(name) || !path.add(name)) {
            return;
        }
        t.stub().upstreams().forEach(u -> visit(u, order, path));
        order.add(name);
    }

    /**
     * The targets that receive the traffic: the canary's baseline and canary (each sent the same
     * traffic), or the traffic target followed by the regions' own targets.
     */
    public List<String> trafficTargets() {
        if (canary != null) {
            return List.of(canary.baseline(), canary.canary());
        }
        java.util.LinkedHashSet<String> targets = new java.util.LinkedHashSet<>();
        targets.add(traffic.target());
        traffic.regions().stream().map(RegionSpec::target).filter(java.util.Objects::nonNull).forEach(targets::add);
        return List.copyOf(targets);
    }

    /** The same profile with its experiment playing only the cells {@code ids}. */
    public Profile withCells(List<String> ids) {
        return new Profile(name, description, timeCompression, targets, traffic, gates, leakDetection, canary, experiment.only(ids), incident);
    }

    /** The target a region's traffic goes to: its own, or the traffic target. */
    public String targetOf(String region) {
        return traffic.regions().stream().filter(r -> r.name().equals(region) && r.target() != null)
                .map(RegionSpec::target).findFirst().orElse(traffic.target());
    }

    /**
     * The profile one experiment cell runs: the experiment's target with the cell's memory
     * variant and instance count applied. Other cells' profiles are unchanged.
     */
    public Profile forCell(ExperimentSpec.Cell cell) {
        if (experiment == null || experiment.target() == null || (cell.memory() == null && cell.instances() == null)) {
            return this;
        }
        Map<String, TargetSpec> changed = new java.util.LinkedHashMap<>(targets);
        StubSpec stub = targets.get(experiment.target()).stub();
        MemoryVariant m = cell.memory() == null ? new MemoryVariant(null, null, null) : experiment.memory().get(cell.memory());
        changed.put(experiment.target(), new TargetSpec(stub.with(cell.instances(), m.heapMb(), m.memoryLimitMb(), m.maxHeapSizeBytes()), null, null));
        return new Profile(name, description, timeCompression, changed, traffic, gates, leakDetection, canary, experiment, incident);
    }

    /**
     * A service under test: exactly one of a stub to launch, a URL of a running service, or a
     * Redis to start. A stub is sampled through its admin port, a Redis (started, or a
     * {@code redis://} URL) with {@code INFO memory}; an {@code http://} URL target may name where
     * its memory can be read.
     */
    public record TargetSpec(StubSpec stub, java.net.URI url, MemorySourceSpec memory, RedisSpec redis) {
        /** A stub or URL target. */
        public TargetSpec(StubSpec stub, java.net.URI url, MemorySourceSpec memory) {
            this(stub, url, memory, null);
        }

        public boolean isStub() {
            return stub != null;
        }

        /** Whether this target is a Redis, started by soakrig or attached to by a {@code redis://} URL. */
        public boolean isRedis() {
            return redis != null || (url != null && HttpUrls.REDIS_SCHEME.equals(url.getScheme()));
        }
    }

    /**
     * Where a running service's memory is read, once a second: exactly one of
     *
     * @param prometheus a Prometheus text endpoint (loopback, or a host allowed with {@code --allow-host})
     * @param metric     the metric to read there, e.g. {@code jvm_memory_used_bytes}
     * @param labels     labels a sample must carry, e.g. {@code {area: heap}}; matching samples are summed
     * @param pid        a local process whose resident set size is read from {@code /proc}
     */
    public record MemorySourceSpec(java.net.URI prometheus, String metric, Map<String, String> labels, Long pid) {
        public MemorySourceSpec {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * Traffic sent at one target.
     *
     * @param target    name of a key of {@link Profile#targets()}; absent in a canary profile,
     *                  whose traffic goes to the baseline and the canary
     * @param endpoints the request mix; each arrival picks one endpoint with probability weight/sum
     * @param sessions  user flows; when present, each arrival is one session picked by weight,
     *                  which sends its steps' requests in order with think times between them
     * @param arrivals  consecutive open-model steps; rates are arrivals (logical requests, or
     *                  sessions) per second
     * @param regions   populations sharing the arrivals, each with its time zone, or empty for one
     * @param users     size of the user population whose ids fill {@code {user}} in paths (1000 when absent)
     * @param retry     how clients retry failed requests, null for no retry
     * @param requestTimeout how long each attempt waits for its answer before it fails as a timeout
     *                  ({@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s when absent; wall-clock time, not
     *                  compressed). A retried request may take its attempts' timeouts plus back-off
     */
    public record TrafficSpec(String target, List<EndpointSpec> endpoints, List<SessionSpec> sessions,
                              List<ArrivalStep> arrivals, List<RegionSpec> regions, Integer users, RetrySpec retry,
                              Duration requestTimeout) {
        /**
         * A hung request must end in the recording as a failure before the run does; Gatling's own
         * default (60 s) is longer than the drain after the schedule, so hung requests would vanish.
         */
        public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
        /** The longest request timeout a profile may ask for. */
        public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);

        public TrafficSpec {
            sessions = sessions == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(sessions));
            regions = regions == null ? List.of() : List.copyOf(regions);
            users = users == null ? 1000 : users;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS) : requestTimeout;
        }

        TrafficSpec truncatedTo(Duration limit) {
            List<ArrivalStep> kept = new java.util.ArrayList<>();
            Duration remaining = limit;
            for (ArrivalStep step : arrivals) {
                if (remaining.isZero()) {
                    break;
                }
                ArrivalStep cut = step.truncatedTo(remaining);
                kept.add(cut);
                remaining = remaining.minus(cut.duration());
            }
            return new TrafficSpec(target, endpoints, sessions, List.copyOf(kept), regions, users, retry, requestTimeout);
        }
    }

    /**
     * A user flow, e.g. login, browse three times, then stream.
     *
     * @param name   the flow's name
     * @param weight relative share of arrivals, 1 when absent
     * @param steps  the requests in order
     */
    public record SessionSpec(String name, Integer weight, List<SessionStep> steps) {
        public SessionSpec {
            weight = weight == null ? 1 : weight;
            steps = steps == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(steps));
        }
    }

    /**
     * One step of a flow: {@code repeat} requests to {@code endpoint}, each after {@code think}
     * (profile time: a user's pace is compressed with the day it belongs to).
     */
    public record SessionStep(String endpoint, Integer repeat, Duration think) {
        public SessionStep {
            repeat = repeat == null ? 1 : repeat;
            think = think == null ? Duration.ZERO : think;
        }
    }

    /**
     * A population of users in one time zone: it sends {@code share} of every arrival step, and a
     * diurnal step follows its local time of day, so regions peak at different times.
     *
     * @param name      region name, recorded with its arrivals
     * @param share     its part of the arrivals, 0..1; a profile's shares sum to 1
     * @param utcOffset its local time minus UTC, e.g. {@code 9h} or {@code -5h}
     * @param target    the target serving this region (its own perimeter), or null for the traffic target
     */
    public record RegionSpec(String name, Double share, Duration utcOffset, String target) {
        public RegionSpec {
            utcOffset = utcOffset == null ? Duration.ZERO : utcOffset;
        }
    }

    /**
     * Client retry behaviour (see the simulations module's RetryPolicy). Back-off delays are
     * request-path timings and stay wall-clock time, like latency; they are not compressed.
     *
     * @param policy          none, immediate, constant (every retry after {@code base}), exponential or full-jitter
     * @param maxRetries      retries after the first attempt (2 when absent)
     * @param base            first back-off delay (25ms when absent)
     * @param max             largest back-off delay (250ms when absent)
     * @param tokenBucket     gRPC retry throttling, or null
     * @param budget          retries allowed per request, e.g. 0.1, or null
     * @param circuitBreaker  client circuit breaker, or null
     * @param honourRetryAfter wait at least a response's Retry-After (false when absent)
     * @param honourOverloaded never retry a response marked x-envoy-overloaded (false when absent)
     * @param clients         client processes the traffic is spread over, each with its own state (10)
     */
    public record RetrySpec(String policy, Integer maxRetries, Duration base, Duration max, TokenBucketSpec tokenBucket,
                            Double budget, BreakerSpec circuitBreaker, Boolean honourRetryAfter, Boolean honourOverloaded,
                            Integer clients) {
        public static final List<String> POLICIES = List.of("none", "immediate", "constant", "exponential", "full-jitter");

        public RetrySpec {
            maxRetries = maxRetries == null ? 2 : maxRetries;
            base = base == null ? Duration.ofMillis(25) : base;
            max = max == null ? Duration.ofMillis(250) : max;
            honourRetryAfter = Boolean.TRUE.equals(honourRetryAfter);
            honourOverloaded = Boolean.TRUE.equals(honourOverloaded);
            clients = clients == null ? 10 : clients;
        }
    }

    /** gRPC retry throttling: retries only while more than half of {@code maxTokens} remain. */
    public record TokenBucketSpec(Integer maxTokens, Double tokenRatio) {
    }

    /** Opens after {@code failures} consecutive failed requests, for {@code openFor}. */
    public record BreakerSpec(Integer failures, Duration openFor) {
    }

    /**
     * One endpoint of the mix.
     *
     * @param name   tag under which its latency is recorded (letters, digits, '-', '_', '.')
     * @param method HTTP method, GET when absent
     * @param path   request path starting with '/'
     * @param weight relative share of arrivals, 1 when absent
     * @param bodyBytes size of the request body sent (e.g. an upload, a playlist edit), 0 when absent
     */
    public record EndpointSpec(String name, String method, String path, Integer weight, Integer bodyBytes) {
        public EndpointSpec {
            method = method == null ? "GET" : method;
            weight = weight == null ? 1 : weight;
            bodyBytes = bodyBytes == null ? 0 : bodyBytes;
        }
    }

    /** One step of the arrival schedule: exactly one of {@code ramp}, {@code constant} or {@code diurnal}. */
    public record ArrivalStep(Ramp ramp, Constant constant, Diurnal diurnal) {
        public Duration duration() {
            return ramp != null ? ramp.duration() : constant != null ? constant.duration() : diurnal.duration();
        }

        ArrivalStep truncatedTo(Duration limit) {
            return duration().compareTo(limit) <= 0 ? this : withDuration(limit);
        }

        /** The same step lasting {@code d}: a ramp keeps its slope, a diurnal curve its phase. */
        ArrivalStep withDuration(Duration d) {
            if (ramp != null) {
                double to = ramp.from() + (ramp.to() - ramp.from()) * ((double) d.toNanos() / ramp.duration().toNanos());
                return new ArrivalStep(new Ramp(ramp.from(), to, d), null, null);
            }
            if (constant != null) {
                return new ArrivalStep(null, new Constant(constant.rate(), d), null);
            }
            return new ArrivalStep(null, null, new Diurnal(diurnal.trough(), diurnal.peak(), diurnal.period(),
                    diurnal.peakAt(), diurnal.startAt(), d));
        }
    }

    /**
     * A day's traffic: the rate follows a cosine between {@code trough} and {@code peak}, highest
     * at local time {@code peakAt} and lowest half a period later.
     *
     * @param trough   lowest rate per second
     * @param peak     highest rate per second
     * @param period   length of a cycle (24h when absent)
     * @param peakAt   local time of day of the peak (20h when absent: evening listening)
     * @param startAt  UTC time of day at which the step starts (0h when absent)
     * @param duration how long the step lasts
     */
    public record Diurnal(Double trough, Double peak, Duration period, Duration peakAt, Duration startAt, Duration duration) {
        public Diurnal {
            period = period == null ? Duration.ofHours(24) : period;
            peakAt = peakAt == null ? Duration.ofHours(20) : peakAt;
            startAt = startAt == null ? Duration.ZERO : startAt;
        }

        /** The rate {@code t} into the step, for a region {@code utcOffset} from UTC. */
        public double rateAt(Duration t, Duration utcOffset) {
            double local = startAt.plus(t).plus(utcOffset).minus(peakAt).toNanos();
            return trough + (peak - trough) * (1 + Math.cos(2 * Math.PI * local / period.toNanos())) / 2;
        }
    }

    /** Arrival rate changing linearly from {@code from} to {@code to} per second over {@code duration}. */
    public record Ramp(Double from, Double to, Duration duration) {
    }

    /** A constant arrival rate per second held for {@code duration}. */
    public record Constant(Double rate, Duration duration) {
    }

    /**
     * Pass/fail thresholds; an absent threshold is not checked.
     *
     * @param p99LatencyMs highest acceptable 99th percentile of successful requests, milliseconds
     * @param errorRate    highest acceptable share of failed logical requests, 0..1
     * @param noLeak       fail when the leak detector calls a leak on any target
     */
    public record GatesSpec(Double p99LatencyMs, Double errorRate, Boolean noLeak) {
    }
}
