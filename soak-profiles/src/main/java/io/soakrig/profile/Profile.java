package io.soakrig.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A soak profile: what to start, what traffic to send at it and which gates decide the verdict.
 *
 * <p>Profiles are plain immutable values bound from YAML by {@link ProfileLoader}, which also
 * validates them; a {@code Profile} obtained from the loader is always valid, so nothing
 * downstream re-checks ranges or presence. Alternatives are sealed types and closed sets of words
 * are enums, so what binding accepts already has the right shape; each spec checks its own
 * settings next to its definition ({@link #check} walks them), limits live in {@link Limits}, and
 * the rules that join parts by name in {@link References}.
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
        leakDetection = leakDetection == null ? LeakDetectionSpec.DEFAULT : leakDetection;
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
        if (!(targets.get(name) instanceof StubTarget t) || order.contains(name) || !path.add(name)) {
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
        traffic.regions().stream().map(RegionSpec::target).filter(Objects::nonNull).forEach(targets::add);
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
     * The profile one experiment cell runs: the cell's system variant applied to the targets it
     * names, and the experiment's target with the cell's memory variant and instance count.
     * Other cells' profiles are unchanged.
     */
    public Profile forCell(ExperimentSpec.Cell cell) {
        if (experiment == null || (cell.variant() == null && (experiment.target() == null || (cell.memory() == null && cell.instances() == null)))) {
            return this;
        }
        Map<String, TargetSpec> changed = new java.util.LinkedHashMap<>(targets);
        if (cell.variant() != null) {
            experiment.variants().get(cell.variant()).forEach((target, change) -> changed.put(target, change.applyTo(targets.get(target))));
        }
        if (experiment.target() != null && (cell.memory() != null || cell.instances() != null)) {
            StubSpec stub = changed.get(experiment.target()).stub();
            MemoryVariant m = cell.memory() == null ? MemoryVariant.NONE : experiment.memory().get(cell.memory());
            changed.put(experiment.target(), new StubTarget(stub.with(cell.instances(), m.heapMb(), m.memoryLimitMb(), m.maxHeapSizeBytes())));
        }
        return new Profile(name, description, timeCompression, changed, traffic, gates, leakDetection, canary, experiment, incident);
    }

    /**
     * Reports every rule this profile breaks to {@code root}: each part's own rules, then the
     * rules between its parts. Parts that could not be bound are null and skipped.
     */
    public void check(Checks root) {
        root.at("name").identifier(name);
        if (!(timeCompression > 0 && timeCompression <= Limits.MAX_TIME_COMPRESSION)) {
            root.at("timeCompression").fail("must be > 0 and at most " + (int) Limits.MAX_TIME_COMPRESSION + ", was " + timeCompression);
        }
        if (root.at("targets").require(targets) && targets.isEmpty()) {
            root.at("targets").fail("at least one target is required");
        } else if (targets != null) {
            targets.forEach((target, spec) -> {
                if (!Checks.isIdentifier(target)) {
                    root.at("targets").at(target).fail("target names use letters, digits, '.', '_' and '-'");
                }
                if (spec == null) {
                    root.at("targets").at(target).fail(TargetSpec.ONE_KIND);
                } else {
                    spec.check(target, root.at("targets").at(target));
                }
            });
        }
        if (root.at("traffic").require(traffic)) {
            traffic.check(root.at("traffic"));
        }
        if (canary != null) {
            canary.check(root.at("canary"));
        }
        if (experiment != null) {
            experiment.check(root.at("experiment"));
            if (canary != null) {
                root.at("experiment").fail("a profile is either an experiment or a canary comparison, not both");
            }
            if (traffic != null && traffic.retry() != null) {
                root.at("traffic").at("retry").fail("an experiment compares the policies under experiment.retry; remove traffic.retry");
            }
        }
        if (gates != null) {
            gates.check(root.at("gates"));
        }
        if (incident != null) {
            boolean scheduled = traffic != null && traffic.arrivals() != null && traffic.arrivals().stream().allMatch(Objects::nonNull)
                    && traffic.arrivals().stream().allMatch(s -> s.duration() != null);
            Duration window = experiment != null ? experiment.cell() : scheduled ? plannedDuration() : null;
            incident.check(root.at("incident"), this::wall, timeCompression > 0 ? window : null, experiment != null);
        }
        leakDetection.check(root.at("leakDetection"));
        References.check(this, root);
    }
}
