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
        if (require(p.targets(), "/targets") && p.targets().isEmpty()) {
            fail("/targets", "at least one target is required");
        } else if (p.targets() != null) {
            p.targets().forEach((name, target) -> target("/targets/" + name, name, target));
        }
        if (require(p.traffic(), "/traffic")) {
            traffic(p.traffic(), p.targets() == null ? Map.of() : p.targets());
        }
        if (p.gates() != null) {
            gates(p.gates());
        }
    }

    private void target(String at, String name, TargetSpec t) {
        if (!IDENTIFIER.matcher(name).matches()) {
            fail(at, "target names use letters, digits, '.', '_' and '-'");
        }
        if (t == null || (t.stub() == null) == (t.url() == null)) {
            fail(at, "give exactly one of 'stub' (launch a target stub) or 'url' (attach to a running service)");
            return;
        }
        if (t.stub() != null) {
            require(t.stub().role(), at + "/stub/role");
            int heap = t.stub().heapMb();
            if (heap < MIN_HEAP_MB || heap > MAX_HEAP_MB) {
                fail(at + "/stub/heapMb", "must be between " + MIN_HEAP_MB + " and " + MAX_HEAP_MB + ", was " + heap);
            }
        } else {
            String scheme = t.url().getScheme();
            if (!"http".equals(scheme) || t.url().getHost() == null) {
                fail(at + "/url", "must be an http:// URL with a host, was '" + t.url() + "'");
            }
        }
    }

    private void traffic(Profile.TrafficSpec t, Map<String, TargetSpec> targets) {
        if (require(t.target(), "/traffic/target") && !targets.containsKey(t.target())) {
            fail("/traffic/target", "names no target; declared targets are " + targets.keySet());
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
        if (e.weight() < 1) {
            fail(at + "/weight", "must be at least 1, was " + e.weight());
        }
    }

    /** @return whether the step is well-formed enough to have a duration */
    private boolean arrival(String at, ArrivalStep s) {
        if (s == null || (s.ramp() == null) == (s.constant() == null)) {
            fail(at, "give exactly one of 'ramp' or 'constant'");
            return false;
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
        if (d.isZero() || d.isNegative()) {
            fail(at, "must be longer than zero");
            return false;
        }
        return true;
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
