package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonPointer;
import io.soakrig.profile.Profile.ArrivalStep;
import io.soakrig.profile.Profile.EndpointSpec;
import io.soakrig.profile.Profile.GatesSpec;
import io.soakrig.profile.Profile.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a bound profile must satisfy before anything is started. Each rule names the key it
 * is about as a JSON Pointer, which {@link ProfileLoader} turns into a file line.
 *
 * <p>Limits are deliberately finite (rate, duration, heap): every load loop soakrig runs is
 * bounded, so a typo such as an extra zero is an error here rather than a runaway run.
 */
final class ProfileValidator {
    static final double MAX_RATE_PER_SECOND = 50_000;
    static final Duration MAX_DURATION = Duration.ofDays(7);
    static final int MIN_HEAP_MB = 16;
    static final int MAX_HEAP_MB = 16_384;
    static final double MAX_TIME_COMPRESSION = 10_000;
    static final int MAX_INSTANCES = 16;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");

    /** A broken rule: where and what. */
    record Violation(JsonPointer at, String message) {
    }

    private final List<Violation> violations = new ArrayList<>();

    static List<Violation> check(Profile profile) {
        ProfileValidator v = new ProfileValidator();
        v.profile(profile);
        return v.violations;
    }

    private void profile(Profile p) {
        identifier(p.name(), "/name");
        if (!(p.timeCompression() > 0 && p.timeCompression() <= MAX_TIME_COMPRESSION)) {
            fail("/timeCompression", "must be > 0 and at most " + (int) MAX_TIME_COMPRESSION + ", was " + p.timeCompression());
        }
        if (require(p.targets(), "/targets") && p.targets().isEmpty()) {
            fail("/targets", "at least one target is required");
        } else if (p.targets() != null) {
            p.targets().forEach((name, target) -> target("/targets/" + name, name, target, p.targets()));
            p.targets().keySet().forEach(name -> acyclic(name, p.targets(), new java.util.ArrayList<>()));
        }
        Map<String, TargetSpec> targets = p.targets() == null ? Map.of() : p.targets();
        if (require(p.traffic(), "/traffic")) {
            traffic(p.traffic(), targets, p.canary() != null);
        }
        if (p.canary() != null) {
            canary(p.canary(), targets);
        }
        if (p.experiment() != null) {
            experiment(p.experiment(), p);
        }
        if (p.gates() != null) {
            gates(p.gates());
        }
        if (p.incident() != null) {
            incident(p.incident(), p);
        }
        Profile.LeakDetectionSpec leak = p.leakDetection();
        if (leak.warmUp().isNegative()) {
            fail("/leakDetection/warmUp", "must not be negative");
        }
        positive(leak.window(), "/leakDetection/window");
        if (leak.minSpan().isNegative()) {
            fail("/leakDetection/minSpan", "must not be negative");
        }
        if (!(leak.minLeakMBPerMin() > 0)) {
            fail("/leakDetection/minLeakMBPerMin", "must be > 0, was " + leak.minLeakMBPerMin());
        }
        if (!(leak.falseAlarmRate() > 0 && leak.falseAlarmRate() < 0.5)) {
            fail("/leakDetection/falseAlarmRate", "must be between 0 and 0.5 (exclusive), was " + leak.falseAlarmRate());
        }
    }

    private void target(String at, String name, TargetSpec t, Map<String, TargetSpec> targets) {
        if (!IDENTIFIER.matcher(name).matches()) {
            fail(at, "target names use letters, digits, '.', '_' and '-'");
        }
        if (t == null || java.util.stream.Stream.of(t.stub(), t.url(), t.redis()).filter(java.util.Objects::nonNull).count() != 1) {
            fail(at, "give exactly one of 'stub' (launch a target stub), 'url' (attach to a running service) or 'redis'"
                    + " (start a redis-server)");
            return;
        }
        if (t.redis() != null) {
            redis(at + "/redis", t.redis());
            if (t.memory() != null) {
                fail(at + "/memory", "a Redis is sampled with INFO memory; memory sources are for http:// url targets");
            }
        } else if (t.isRedis()) {
            HttpUrls.targetProblem(t.url()).ifPresent(problem -> fail(at + "/url", problem));
            if (t.memory() != null) {
                fail(at + "/memory", "a Redis is sampled with INFO memory; memory sources are for http:// url targets");
            }
        } else if (t.stub() != null) {
            stub(at + "/stub", name, t.stub(), targets);
            if (t.memory() != null) {
                fail(at + "/memory", "a stub is sampled through its admin port; memory sources are for url targets");
            }
        } else {
            HttpUrls.problem(t.url()).ifPresent(problem -> fail(at + "/url", problem));
            if (t.memory() != null) {
                memorySource(at + "/memory", t.memory());
            }
        }
    }

    private void redis(String at, RedisSpec r) {
        if (require(r.maxmemoryMb(), at + "/maxmemoryMb")) {
            range(r.maxmemoryMb(), 1, 65_536, at + "/maxmemoryMb");
        }
        if (r.port() != null) {
            range(r.port(), 1, 65_535, at + "/port");
        }
        if (r.memoryLimitMb() != null) {
            range(r.memoryLimitMb(), 32, 65_536, at + "/memoryLimitMb");
        }
        restart(at + "/restart", r.restart());
    }

    private void stub(String at, String name, StubSpec s, Map<String, TargetSpec> targets) {
        if (!require(s.role(), at + "/role")) {
            return;
        }
        if (!Set.of(StubSpec.HEALTHY_VERSION, StubSpec.LEAKING_VERSION).contains(s.version())) {
            fail(at + "/version", "must be " + StubSpec.HEALTHY_VERSION + " or " + StubSpec.LEAKING_VERSION + ", was '" + s.version() + "'");
        }
        range(s.instances(), 1, MAX_INSTANCES, at + "/instances");
        range(s.heapMb(), MIN_HEAP_MB, MAX_HEAP_MB, at + "/heapMb");
        if (s.memoryLimitMb() != null) {
            range(s.memoryLimitMb(), 32, 65_536, at + "/memoryLimitMb");
        }
        range(s.workers(), 1, 1024, at + "/workers");
        range(s.payloadBytes(), 0, 10 << 20, at + "/payloadBytes");
        range(s.contextBytes(), 0, 10 << 20, at + "/contextBytes");
        for (int i = 0; i < s.upstreams().size(); i++) {
            String upstream = s.upstreams().get(i);
            TargetSpec u = targets.get(upstream);
            if (u != null && u.isRedis() && s.role() != StubRole.AUTH) {
                fail(at + "/upstreams/" + i, "a Redis is the session store of an auth stub; a " + s.role().id()
                        + " stub does not call one");
            } else if (u == null || (u.stub() == null && !u.isRedis()) || upstream.equals(name)) {
                fail(at + "/upstreams/" + i, "must name another stub target, or for auth a Redis target; stub targets are "
                        + targets.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().stub() != null
                                && !e.getKey().equals(name)).map(Map.Entry::getKey).toList());
            }
        }
        boolean sessionsInRedis = s.upstreams().stream().map(targets::get).anyMatch(u -> u != null && u.isRedis());
        if (s.role() == StubRole.AUTH && sessionsInRedis && s.upstreams().size() != 1) {
            fail(at + "/upstreams", "an auth keeping its sessions in Redis calls that Redis only");
        }
        if (sessionsInRedis) {
            positive(s.sessions().ttl(), at + "/sessions/ttl");
            positive(s.sessions().timeout(), at + "/sessions/timeout");
            range(s.sessions().bytes(), 1, 1 << 20, at + "/sessions/bytes");
        }
        StubRole needed = sessionsInRedis ? null : s.role().dependency().orElse(null);
        if (needed != null && s.upstreams().stream().map(targets::get)
                .noneMatch(u -> u != null && u.stub() != null && u.stub().role() == needed)) {
            fail(at + "/upstreams", "a " + s.role().id() + " stub needs an upstream whose role is " + needed.id());
        }
        faults(at + "/faults", s.faults());
        if (s.role() == StubRole.PERIMETER) {
            perimeter(at + "/perimeter", s, targets);
        }
        range(s.cache().budgetMb(), 0, MAX_HEAP_MB, at + "/cache/budgetMb");
        range(s.cache().entryBytes(), 1, 1 << 20, at + "/cache/entryBytes");
        range(s.cache().catalogSize(), 1, 100_000_000, at + "/cache/catalogSize");
        range(s.pool().size(), 1, 1024, at + "/pool/size");
        positive(s.pool().acquireTimeout(), at + "/pool/acquireTimeout");
        if (s.pool().queryTime().isNegative()) {
            fail(at + "/pool/queryTime", "must not be negative");
        }
        restart(at + "/restart", s.restart());
    }

    private void restart(String at, StubSpec.RestartSpec r) {
        if (!Set.of("always", "never").contains(r.policy())) {
            fail(at + "/policy", "must be always or never, was '" + r.policy() + "'");
        }
        positive(r.backoff(), at + "/backoff");
        positive(r.resetAfter(), at + "/resetAfter");
        if (r.maxBackoff().compareTo(r.backoff()) < 0) {
            fail(at + "/maxBackoff", "must be at least restart.backoff");
        }
    }

    /** Fails once per cycle found by walking upstreams from {@code name}. */
    private void acyclic(String name, Map<String, TargetSpec> targets, List<String> path) {
        TargetSpec t = targets.get(name);
        if (t == null || t.stub() == null) {
            return;
        }
        if (path.contains(name)) {
            if (path.get(0).equals(name)) {
                fail("/targets/" + name + "/stub/upstreams", "upstreams form a cycle: " + String.join(" -> ", path) + " -> " + name);
            }
            return;
        }
        path.add(name);
        t.stub().upstreams().forEach(u -> acyclic(u, targets, path));
        path.remove(path.size() - 1);
    }

    private void perimeter(String at, StubSpec s, Map<String, TargetSpec> targets) {
        PerimeterSpec p = s.perimeter();
        if (p.routes().isEmpty()) {
            fail(at + "/routes", "a perimeter needs at least one route");
        }
        for (int i = 0; i < p.routes().size(); i++) {
            PerimeterSpec.Route r = p.routes().get(i);
            if (require(r.prefix(), at + "/routes/" + i + "/prefix") && !r.prefix().startsWith("/")) {
                fail(at + "/routes/" + i + "/prefix", "must start with '/', was '" + r.prefix() + "'");
            }
            if (require(r.cluster(), at + "/routes/" + i + "/cluster") && !s.upstreams().contains(r.cluster())) {
                fail(at + "/routes/" + i + "/cluster", "must be one of the perimeter's upstreams " + s.upstreams());
            }
        }
        for (int i = 0; i < p.filters().size(); i++) {
            String f = p.filters().get(i);
            if (!PerimeterSpec.KNOWN_FILTERS.contains(f) || p.filters().indexOf(f) != i) {
                fail(at + "/filters/" + i, "must be one of " + PerimeterSpec.KNOWN_FILTERS + ", each once; was '" + f + "'");
            }
        }
        if (p.filters().contains("auth") && s.upstreams().stream().map(targets::get)
                .noneMatch(u -> u != null && u.stub() != null && u.stub().role() == StubRole.AUTH)) {
            fail(at + "/filters", "the auth filter needs an upstream whose role is auth");
        }
        if (!(p.rateLimit().requestsPerSecond() > 0)) {
            fail(at + "/rateLimit/requestsPerSecond", "must be > 0");
        }
        range(p.rateLimit().burst(), 1, 10_000_000, at + "/rateLimit/burst");
        PerimeterSpec.RetryPolicy r = p.retry();
        for (int i = 0; i < r.retryOn().size(); i++) {
            if (!PerimeterSpec.RetryPolicy.CONDITIONS.contains(r.retryOn().get(i))) {
                fail(at + "/retry/retryOn/" + i, "must be one of " + PerimeterSpec.RetryPolicy.CONDITIONS);
            }
        }
        range(r.numRetries(), 0, 10, at + "/retry/numRetries");
        positive(r.timeout(), at + "/retry/timeout");
        positive(r.baseInterval(), at + "/retry/baseInterval");
        if (r.perTryTimeout() != null) {
            positive(r.perTryTimeout(), at + "/retry/perTryTimeout");
        }
        if (r.maxInterval().compareTo(r.baseInterval()) < 0) {
            fail(at + "/retry/maxInterval", "must be at least baseInterval");
        }
        PerimeterSpec.CircuitBreakers cb = p.circuitBreakers();
        range(cb.maxConnections(), 1, 1_000_000, at + "/circuitBreakers/maxConnections");
        range(cb.maxPendingRequests(), 0, 1_000_000, at + "/circuitBreakers/maxPendingRequests");
        range(cb.maxRequests(), 1, 1_000_000, at + "/circuitBreakers/maxRequests");
        range(cb.maxRetries(), 0, 1_000_000, at + "/circuitBreakers/maxRetries");
        if (cb.retryBudget() != null && !(cb.retryBudget().budgetPercent() >= 0 && cb.retryBudget().budgetPercent() <= 100)) {
            fail(at + "/circuitBreakers/retryBudget/budgetPercent", "must be between 0 and 100");
        }
        PerimeterSpec.Overload o = p.overload();
        if (o.maxHeapSizeBytes() < (1 << 20)) {
            fail(at + "/overload/maxHeapSizeBytes", "must be at least 1 MiB");
        }
        if (!(o.disableKeepAliveAt() > 0 && o.disableKeepAliveAt() <= o.stopAcceptingRequestsAt() && o.stopAcceptingRequestsAt() <= 1)) {
            fail(at + "/overload", "need 0 < disableKeepAliveAt <= stopAcceptingRequestsAt <= 1");
        }
        range(o.connectionStateBytes(), 0, 16 << 20, at + "/overload/connectionStateBytes");
    }

    private void faults(String at, StubSpec.FaultSpec f) {
        f.problems().forEach(p -> fail(at + "/" + p.key(), p.message()));
    }

    private void range(int value, int min, int max, String at) {
        if (value < min || value > max) {
            fail(at, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    private boolean positive(Duration d, String at) {
        if (d.isZero() || d.isNegative()) {
            fail(at, "must be longer than zero");
            return false;
        }
        return true;
    }

    private void memorySource(String at, Profile.MemorySourceSpec m) {
        if ((m.prometheus() == null) == (m.pid() == null)) {
            fail(at, "give exactly one of 'prometheus' (with 'metric') or 'pid'");
            return;
        }
        if (m.prometheus() != null) {
            HttpUrls.problem(m.prometheus()).ifPresent(problem -> fail(at + "/prometheus", problem));
            require(m.metric(), at + "/metric");
        } else if (m.pid() < 1) {
            fail(at + "/pid", "must be a process id, was " + m.pid());
        }
    }

    private void traffic(Profile.TrafficSpec t, Map<String, TargetSpec> targets, boolean canary) {
        if (canary && t.target() != null) {
            fail("/traffic/target", "a canary profile sends its traffic to canary.baseline and canary.canary; remove traffic.target");
        } else if (!canary && require(t.target(), "/traffic/target") && !targets.containsKey(t.target())) {
            fail("/traffic/target", "names no target; declared targets are " + targets.keySet());
        } else if (!canary && targets.get(t.target()) != null && targets.get(t.target()).isRedis()) {
            fail("/traffic/target", "a Redis target receives no HTTP traffic; send it to the auth (or the perimeter) that keeps"
                    + " its sessions there");
        }
        if (require(t.endpoints(), "/traffic/endpoints") && t.endpoints().isEmpty()) {
            fail("/traffic/endpoints", "at least one endpoint is required");
        } else if (t.endpoints() != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < t.endpoints().size(); i++) {
                endpoint("/traffic/endpoints/" + i, t.endpoints().get(i), names);
            }
        }
        if (require(t.arrivals(), "/traffic/arrivals") && t.arrivals().isEmpty()) {
            fail("/traffic/arrivals", "at least one arrival step is required");
        } else if (t.arrivals() != null) {
            Duration total = Duration.ZERO;
            for (int i = 0; i < t.arrivals().size(); i++) {
                ArrivalStep step = t.arrivals().get(i);
                if (arrival("/traffic/arrivals/" + i, step)) {
                    total = total.plus(step.duration());
                }
            }
            if (total.compareTo(MAX_DURATION) > 0) {
                fail("/traffic/arrivals", "the schedule lasts " + total + ", longer than the limit of " + MAX_DURATION);
            }
        }
        regions(t.regions(), targets, canary);
        sessions(t.sessions(), t.endpoints() == null ? Set.of()
                : t.endpoints().stream().filter(java.util.Objects::nonNull).map(EndpointSpec::name).collect(java.util.stream.Collectors.toSet()));
        if (t.users() < 1 || t.users() > 1_000_000_000) {
            fail("/traffic/users", "must be 1..1000000000, was " + t.users());
        }
        if (t.retry() != null) {
            retry("/traffic/retry", t.retry());
        }
        Duration timeout = t.requestTimeout();
        if (timeout.toMillis() < 1 || timeout.compareTo(Profile.TrafficSpec.MAX_REQUEST_TIMEOUT) > 0) {
            fail("/traffic/requestTimeout", "must be between 1ms and " + Profile.TrafficSpec.MAX_REQUEST_TIMEOUT.toMinutes()
                    + "m, was " + (timeout.isNegative() ? "negative" : timeout.toMillis() + "ms"));
        }
    }

    private void experiment(Profile.ExperimentSpec e, Profile p) {
        if (require(e.cell(), "/experiment/cell")) {
            positive(e.cell(), "/experiment/cell");
        }
        if (e.retry().isEmpty()) {
            fail("/experiment/retry", "name at least one client retry policy to compare");
        }
        e.retry().forEach((name, spec) -> {
            if (identifier(name, "/experiment/retry/" + name) && spec != null) {
                retry("/experiment/retry/" + name, spec);
            }
        });
        for (int i = 0; i < e.failure().size(); i++) {
            Double f = e.failure().get(i);
            if (f == null || !(f >= 0 && f <= 1)) {
                fail("/experiment/failure/" + i, "must be a share between 0 and 1, was " + f);
            }
        }
        if (p.canary() != null) {
            fail("/experiment", "a profile is either an experiment or a canary comparison, not both");
        }
        experimentTarget(e, p.targets() == null ? Map.of() : p.targets());
        List<String> ids = e.matrix().stream().map(Profile.ExperimentSpec.Cell::id).toList();
        for (int i = 0; i < e.only().size(); i++) {
            if (!ids.contains(e.only().get(i))) {
                fail("/experiment/only/" + i, "names no cell; the cells are " + ids);
            }
        }
        if (p.traffic() != null && p.traffic().retry() != null) {
            fail("/traffic/retry", "an experiment compares the policies under experiment.retry; remove traffic.retry");
        }
    }

    private void experimentTarget(Profile.ExperimentSpec e, Map<String, TargetSpec> targets) {
        if (!e.changesStubs()) {
            if (e.target() != null) {
                fail("/experiment/target", "is only used with experiment.memory or experiment.instances");
            }
            return;
        }
        for (int i = 0; i < e.instances().size(); i++) {
            Integer n = e.instances().get(i);
            if (n == null || n < 1 || n > 16) {
                fail("/experiment/instances/" + i, "must be 1..16, was " + n);
            }
        }
        if (!require(e.target(), "/experiment/target")) {
            return;
        }
        TargetSpec t = targets.get(e.target());
        if (t == null || !t.isStub()) {
            fail("/experiment/target", "must name a stub target; declared targets are " + targets.keySet());
            return;
        }
        e.memory().forEach((name, m) -> {
            String at = "/experiment/memory/" + name;
            if (!identifier(name, at) || m == null) {
                return;
            }
            if (m.heapMb() != null) {
                range(m.heapMb(), 16, 65_536, at + "/heapMb");
            }
            if (m.memoryLimitMb() != null) {
                range(m.memoryLimitMb(), 32, 1_048_576, at + "/memoryLimitMb");
            }
            if (m.maxHeapSizeBytes() != null && t.stub().role() != StubRole.PERIMETER) {
                fail(at + "/maxHeapSizeBytes", "only a perimeter has an overload manager; " + e.target() + " is " + t.stub().role());
            } else if (m.maxHeapSizeBytes() != null && m.maxHeapSizeBytes() < (1 << 20)) {
                fail(at + "/maxHeapSizeBytes", "must be at least 1 MiB");
            }
        });
    }

    private void incident(Profile.IncidentSpec incident, Profile p) {
        Map<String, TargetSpec> targets = p.targets() == null ? Map.of() : p.targets();
        if (require(incident.at(), "/incident/at")) {
            Duration window = p.experiment() != null ? p.experiment().cell()
                    : p.traffic() != null && p.traffic().arrivals() != null && p.traffic().arrivals().stream().allMatch(java.util.Objects::nonNull)
                    ? p.plannedDuration() : null;
            if (incident.at().isNegative()) {
                fail("/incident/at", "must not be negative");
            } else if (window != null && p.timeCompression() > 0 && p.wall(incident.at()).compareTo(window) >= 0) {
                fail("/incident/at", "comes after the traffic ends (" + window.toSeconds() + " s of wall time"
                        + (p.experiment() != null ? " per cell)" : ")"));
            }
        }
        if (incident.filters().isEmpty()) {
            fail("/incident/filters", "give the filter order pushed");
        }
        for (int i = 0; i < incident.filters().size(); i++) {
            String f = incident.filters().get(i);
            if (!PerimeterSpec.KNOWN_FILTERS.contains(f) || incident.filters().indexOf(f) != i) {
                fail("/incident/filters/" + i, "must be one of " + PerimeterSpec.KNOWN_FILTERS + ", each once; was '" + f + "'");
            }
        }
        if (incident.targets().isEmpty()) {
            fail("/incident/targets", "name the perimeter targets the push goes to");
        }
        for (int i = 0; i < incident.targets().size(); i++) {
            TargetSpec t = targets.get(incident.targets().get(i));
            if (t == null || !t.isStub() || t.stub().role() != StubRole.PERIMETER) {
                fail("/incident/targets/" + i, "must name a perimeter stub target, was '" + incident.targets().get(i) + "'");
            } else if (incident.filters().contains("auth") && t.stub().upstreams().stream().map(targets::get)
                    .noneMatch(u -> u != null && u.stub() != null && u.stub().role() == StubRole.AUTH)) {
                fail("/incident/filters", "the auth filter needs an upstream whose role is auth on " + incident.targets().get(i));
            }
        }
    }

    private void sessions(List<Profile.SessionSpec> sessions, Set<String> endpoints) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sessions.size(); i++) {
            String at = "/traffic/sessions/" + i;
            Profile.SessionSpec session = sessions.get(i);
            if (session == null) {
                fail(at, "a session needs 'name' and 'steps'");
                continue;
            }
            if (identifier(session.name(), at + "/name") && !names.add(session.name())) {
                fail(at + "/name", "duplicate session name '" + session.name() + "'");
            }
            if (session.weight() < 1) {
                fail(at + "/weight", "must be >= 1, was " + session.weight());
            }
            if (session.steps().isEmpty()) {
                fail(at + "/steps", "a session needs at least one step");
            }
            for (int j = 0; j < session.steps().size(); j++) {
                String stepAt = at + "/steps/" + j;
                Profile.SessionStep step = session.steps().get(j);
                if (step == null) {
                    fail(stepAt, "a step needs 'endpoint'");
                    continue;
                }
                if (require(step.endpoint(), stepAt + "/endpoint") && !endpoints.contains(step.endpoint())) {
                    fail(stepAt + "/endpoint", "names no endpoint; declared endpoints are " + new java.util.TreeSet<>(endpoints));
                }
                if (step.repeat() < 1 || step.repeat() > 100) {
                    fail(stepAt + "/repeat", "must be 1..100, was " + step.repeat());
                }
                if (step.think().isNegative()) {
                    fail(stepAt + "/think", "must not be negative");
                }
            }
        }
    }

    private void regions(List<Profile.RegionSpec> regions, Map<String, TargetSpec> targets, boolean canary) {
        Set<String> names = new HashSet<>();
        double total = 0;
        for (int i = 0; i < regions.size(); i++) {
            String at = "/traffic/regions/" + i;
            Profile.RegionSpec r = regions.get(i);
            if (r == null) {
                fail(at, "a region needs 'name' and 'share'");
                continue;
            }
            if (identifier(r.name(), at + "/name") && !names.add(r.name())) {
                fail(at + "/name", "duplicate region name '" + r.name() + "'");
            }
            if (require(r.share(), at + "/share")) {
                if (!(r.share() > 0 && r.share() <= 1)) {
                    fail(at + "/share", "must be a share in (0, 1], was " + r.share());
                }
                total += r.share();
            }
            if (r.target() != null && canary) {
                fail(at + "/target", "a canary profile sends every region to both arms; remove the region's target");
            } else if (r.target() != null && !targets.containsKey(r.target())) {
                fail(at + "/target", "names no target; declared targets are " + targets.keySet());
            }
            if (r.utcOffset().abs().compareTo(Duration.ofHours(14)) > 0) {
                fail(at + "/utcOffset", "must be within 14h of UTC, was " + r.utcOffset());
            }
        }
        if (!regions.isEmpty() && Math.abs(total - 1) > 1e-6) {
            fail("/traffic/regions", "shares must sum to 1, they sum to " + total);
        }
    }

    private void retry(String at, Profile.RetrySpec r) {
        if (require(r.policy(), at + "/policy") && !Profile.RetrySpec.POLICIES.contains(r.policy())) {
            fail(at + "/policy", "must be one of " + Profile.RetrySpec.POLICIES + ", was '" + r.policy() + "'");
        }
        if (r.maxRetries() < 0 || r.maxRetries() > 100) {
            fail(at + "/maxRetries", "must be 0..100, was " + r.maxRetries());
        }
        if (r.base().isNegative() || (!"constant".equals(r.policy()) && r.base().compareTo(r.max()) > 0)) {
            fail(at + "/base", "must be between 0 and max (" + r.max() + "), was " + r.base());
        }
        if (r.tokenBucket() != null) {
            Integer tokens = r.tokenBucket().maxTokens();
            if (require(tokens, at + "/tokenBucket/maxTokens") && (tokens < 1 || tokens > 1000)) {
                fail(at + "/tokenBucket/maxTokens", "must be 1..1000, was " + tokens);
            }
            Double ratio = r.tokenBucket().tokenRatio();
            if (require(ratio, at + "/tokenBucket/tokenRatio") && tokens != null && !(ratio > 0 && ratio <= tokens)) {
                fail(at + "/tokenBucket/tokenRatio", "must be in (0, maxTokens], was " + ratio);
            }
        }
        if (r.budget() != null && !(r.budget() > 0 && r.budget() <= 1)) {
            fail(at + "/budget", "must be a share of requests in (0, 1], was " + r.budget());
        }
        if (r.circuitBreaker() != null) {
            Integer failures = r.circuitBreaker().failures();
            if (require(failures, at + "/circuitBreaker/failures") && failures < 1) {
                fail(at + "/circuitBreaker/failures", "must be >= 1, was " + failures);
            }
            if (require(r.circuitBreaker().openFor(), at + "/circuitBreaker/openFor")) {
                positive(r.circuitBreaker().openFor(), at + "/circuitBreaker/openFor");
            }
        }
        if (r.clients() < 1 || r.clients() > 10_000) {
            fail(at + "/clients", "must be 1..10000, was " + r.clients());
        }
    }

    private void endpoint(String at, EndpointSpec e, Set<String> names) {
        if (e == null) {
            fail(at, "an endpoint needs 'name' and 'path'");
            return;
        }
        if (identifier(e.name(), at + "/name") && !names.add(e.name())) {
            fail(at + "/name", "duplicate endpoint name '" + e.name() + "'");
        }
        if (require(e.path(), at + "/path") && !e.path().startsWith("/")) {
            fail(at + "/path", "must start with '/', was '" + e.path() + "'");
        }
        if (!METHODS.contains(e.method())) {
            fail(at + "/method", "must be one of " + METHODS + ", was '" + e.method() + "'");
        }
        if (e.bodyBytes() < 0 || e.bodyBytes() > 1 << 20) {
            fail(at + "/bodyBytes", "must be 0..1048576 bytes (the stubs' request limit), was " + e.bodyBytes());
        } else if (e.bodyBytes() > 0 && !List.of("POST", "PUT", "PATCH").contains(e.method())) {
            fail(at + "/bodyBytes", "a body needs method POST, PUT or PATCH, was " + e.method());
        }
        if (e.weight() < 1) {
            fail(at + "/weight", "must be at least 1, was " + e.weight());
        }
    }

    /** @return whether the step is well-formed enough to have a duration */
    private boolean arrival(String at, ArrivalStep s) {
        if (s == null || java.util.stream.Stream.of(s.ramp(), s.constant(), s.diurnal()).filter(java.util.Objects::nonNull).count() != 1) {
            fail(at, "give exactly one of 'ramp', 'constant' or 'diurnal'");
            return false;
        }
        if (s.diurnal() != null) {
            Profile.Diurnal d = s.diurnal();
            rate(d.trough(), at + "/diurnal/trough", true);
            rate(d.peak(), at + "/diurnal/peak", false);
            if (d.trough() != null && d.peak() != null && d.trough() > d.peak()) {
                fail(at + "/diurnal/trough", "must not exceed the peak (" + d.peak() + "), was " + d.trough());
            }
            if (positive(d.period(), at + "/diurnal/period") && (d.peakAt().isNegative() || d.peakAt().compareTo(d.period()) >= 0)) {
                fail(at + "/diurnal/peakAt", "must be a time of day within the period " + d.period() + ", was " + d.peakAt());
            }
            if (d.startAt().isNegative()) {
                fail(at + "/diurnal/startAt", "must not be negative");
            }
            return duration(d.duration(), at + "/diurnal/duration");
        }
        if (s.ramp() != null) {
            rate(s.ramp().from(), at + "/ramp/from", true);
            rate(s.ramp().to(), at + "/ramp/to", true);
            return duration(s.ramp().duration(), at + "/ramp/duration");
        }
        rate(s.constant().rate(), at + "/constant/rate", false);
        return duration(s.constant().duration(), at + "/constant/duration");
    }

    private void rate(Double rate, String at, boolean zeroAllowed) {
        if (!require(rate, at)) {
            return;
        }
        if (rate < 0 || (!zeroAllowed && rate == 0) || rate.isNaN()) {
            fail(at, "must be " + (zeroAllowed ? ">= 0" : "> 0") + " arrivals per second, was " + rate);
        } else if (rate > MAX_RATE_PER_SECOND) {
            fail(at, "must be at most " + (long) MAX_RATE_PER_SECOND + " arrivals per second, was " + rate);
        }
    }

    private boolean duration(Duration d, String at) {
        if (!require(d, at)) {
            return false;
        }
        return positive(d, at);
    }

    private void canary(Profile.CanarySpec c, Map<String, TargetSpec> targets) {
        for (String arm : List.of("baseline", "canary")) {
            String name = arm.equals("baseline") ? c.baseline() : c.canary();
            if (require(name, "/canary/" + arm) && !targets.containsKey(name)) {
                fail("/canary/" + arm, "names no target; declared targets are " + targets.keySet());
            }
        }
        if (c.baseline() != null && c.baseline().equals(c.canary())) {
            fail("/canary/canary", "must be a different target from the baseline, both were '" + c.canary() + "'");
        }
        if (!(c.latencyTolerance() >= 0 && c.latencyTolerance() <= 10)) {
            fail("/canary/latencyTolerance", "must be a share between 0 and 10, was " + c.latencyTolerance());
        }
        if (!(c.latencyToleranceMs() >= 0)) {
            fail("/canary/latencyToleranceMs", "must be >= 0 milliseconds, was " + c.latencyToleranceMs());
        }
        if (!(c.errorRateTolerance() >= 0 && c.errorRateTolerance() < 1)) {
            fail("/canary/errorRateTolerance", "must be a share between 0 and 1, was " + c.errorRateTolerance());
        }
        if (!(c.significance() > 0 && c.significance() < 0.5)) {
            fail("/canary/significance", "must be between 0 and 0.5 (exclusive), was " + c.significance());
        }
    }

    private void gates(GatesSpec g) {
        if (g.p99LatencyMs() != null && !(g.p99LatencyMs() > 0)) {
            fail("/gates/p99LatencyMs", "must be > 0 milliseconds, was " + g.p99LatencyMs());
        }
        if (g.errorRate() != null && !(g.errorRate() >= 0 && g.errorRate() <= 1)) {
            fail("/gates/errorRate", "must be a share between 0 and 1, was " + g.errorRate());
        }
    }

    private boolean identifier(String value, String at) {
        if (!require(value, at)) {
            return false;
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            fail(at, "use letters, digits, '.', '_' and '-', was '" + value + "'");
            return false;
        }
        return true;
    }

    private boolean require(Object value, String at) {
        if (value == null) {
            fail(at, "is required");
            return false;
        }
        return true;
    }

    private void fail(String at, String message) {
        violations.add(new Violation(JsonPointer.compile(at), message));
    }
}
