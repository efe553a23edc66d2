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
 */
public record Profile(
        String name,
        String description,
        Double timeCompression,
        Map<String, TargetSpec> targets,
        TrafficSpec traffic,
        GatesSpec gates,
        LeakDetectionSpec leakDetection,
        CanarySpec canary) {

    public Profile {
        timeCompression = timeCompression == null ? 1.0 : timeCompression;
        leakDetection = leakDetection == null ? new LeakDetectionSpec(null, null, null, null, null) : leakDetection;
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

    /** The arrival schedule with every step's duration in wall-clock time: what the load generator plays. */
    public List<ArrivalStep> wallArrivals() {
        return traffic.arrivals().stream().map(step -> step.withDuration(wall(step.duration()))).toList();
    }

    /**
     * The same profile with its arrival schedule cut at {@code limit} of wall-clock time: steps
     * past it are dropped and the step that straddles it is shortened (a ramp keeps its slope).
     * This is how {@code --duration} shortens any profile for CI without editing it.
     */
    public Profile truncatedTo(Duration limit) {
        Duration profileLimit = Duration.ofNanos(Math.round(limit.toNanos() * timeCompression));
        return new Profile(name, description, timeCompression, targets, traffic.truncatedTo(profileLimit), gates,
                leakDetection, canary);
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
     * The targets that receive the traffic, each the same: the traffic target, or the canary's
     * baseline and canary.
     */
    public List<String> trafficTargets() {
        return canary != null ? List.of(canary.baseline(), canary.canary()) : List.of(traffic.target());
    }

    /**
     * A service under test: exactly one of a stub to launch or a URL of a running service. A stub
     * is sampled through its admin port; a URL target may name where its memory can be read.
     */
    public record TargetSpec(StubSpec stub, java.net.URI url, MemorySourceSpec memory) {
        public boolean isStub() {
            return stub != null;
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
     * @param arrivals  consecutive open-model steps; rates are arrivals (logical requests) per second
     */
    public record TrafficSpec(String target, List<EndpointSpec> endpoints, List<ArrivalStep> arrivals) {
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
            return new TrafficSpec(target, endpoints, List.copyOf(kept));
        }
    }

    /**
     * One endpoint of the mix.
     *
     * @param name   tag under which its latency is recorded (letters, digits, '-', '_', '.')
     * @param method HTTP method, GET when absent
     * @param path   request path starting with '/'
     * @param weight relative share of arrivals, 1 when absent
     */
    public record EndpointSpec(String name, String method, String path, Integer weight) {
        public EndpointSpec {
            method = method == null ? "GET" : method;
            weight = weight == null ? 1 : weight;
        }
    }

    /** One step of the arrival schedule: exactly one of {@code ramp} or {@code constant}. */
    public record ArrivalStep(Ramp ramp, Constant constant) {
        public Duration duration() {
            return ramp != null ? ramp.duration() : constant.duration();
        }

        ArrivalStep truncatedTo(Duration limit) {
            if (duration().compareTo(limit) <= 0) {
                return this;
            }
            if (constant != null) {
                return new ArrivalStep(null, new Constant(constant.rate(), limit));
            }
            double fraction = (double) limit.toNanos() / ramp.duration().toNanos();
            double to = ramp.from() + (ramp.to() - ramp.from()) * fraction;
            return new ArrivalStep(new Ramp(ramp.from(), to, limit), null);
        }

        ArrivalStep withDuration(Duration d) {
            return ramp != null ? new ArrivalStep(new Ramp(ramp.from(), ramp.to(), d), null)
                    : new ArrivalStep(null, new Constant(constant.rate(), d));
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
