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
 * @param targets     the services under test by name, each a stub to launch or a URL to attach to
 * @param traffic     the open-model arrival schedule and endpoint mix
 * @param gates       thresholds that turn measurements into a verdict
 */
public record Profile(
        String name,
        String description,
        Map<String, TargetSpec> targets,
        TrafficSpec traffic,
        GatesSpec gates) {

    /** Total planned length of the arrival schedule. */
    public Duration plannedDuration() {
        return traffic.arrivals().stream().map(ArrivalStep::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The same profile with its arrival schedule cut at {@code limit}: steps past it are dropped
     * and the step that straddles it is shortened (a ramp keeps its slope). This is how
     * {@code --duration} shortens any profile for CI without editing it.
     */
    public Profile truncatedTo(Duration limit) {
        return new Profile(name, description, targets, traffic.truncatedTo(limit), gates);
    }

    /** The target that receives the traffic. */
    public TargetSpec trafficTarget() {
        return targets.get(traffic.target());
    }

    /** A service under test: exactly one of a stub to launch or a URL of a running service. */
    public record TargetSpec(StubSpec stub, java.net.URI url) {
        public boolean isStub() {
            return stub != null;
        }
    }

    /**
     * A target stub launched by the harness in its own JVM.
     *
     * @param role   which stub to run
     * @param heapMb the stub JVM's maximum heap ({@code -Xmx}) in MiB
     */
    public record StubSpec(StubRole role, Integer heapMb) {
        public static final int DEFAULT_HEAP_MB = 128;

        public StubSpec {
            heapMb = heapMb == null ? DEFAULT_HEAP_MB : heapMb;
        }
    }

    /**
     * Traffic sent at one target.
     *
     * @param target    name of a key of {@link Profile#targets()}
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
     */
    public record GatesSpec(Double p99LatencyMs, Double errorRate) {
    }
}
