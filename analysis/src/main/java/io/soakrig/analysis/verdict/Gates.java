package io.soakrig.analysis.verdict;

import io.soakrig.analysis.leak.LeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The thresholds a run is judged against; a null threshold is not checked.
 *
 * @param p99LatencyMs highest acceptable p99 of successful requests, milliseconds
 * @param errorRate    highest acceptable share of failed requests, 0..1
 * @param noLeak       whether a leak called on any target fails the run
 * @param leakDetection how leaks are called (reported whether or not {@code noLeak} gates on them)
 * @param canary       the canary comparison, whose FAIL fails the run, or null
 * @param sampledTargets targets whose memory the run samples: with {@code noLeak}, one that has
 *                     no samples cannot be called, and the gate says so instead of passing
 */
public record Gates(Double p99LatencyMs, Double errorRate, boolean noLeak, LeakDetector.Config leakDetection,
                    CanaryJudge.Config canary, Set<String> sampledTargets) {
    public static final Gates NONE = new Gates(null, null, false, LeakDetector.Config.DEFAULTS, null);

    public Gates {
        sampledTargets = Set.copyOf(sampledTargets);
    }

    /** Gates that expect no particular target's memory: only what was sampled is judged. */
    public Gates(Double p99LatencyMs, Double errorRate, boolean noLeak, LeakDetector.Config leakDetection,
                 CanaryJudge.Config canary) {
        this(p99LatencyMs, errorRate, noLeak, leakDetection, canary, Set.of());
    }

    /**
     * One gate object per threshold set, in the order their results are reported: the accounting
     * of requests (always checked), p99 latency, error rate, no leak, the canary.
     */
    List<Gate> checks() {
        List<Gate> checks = new ArrayList<>();
        checks.add(new RequestsAccountedGate());
        if (p99LatencyMs != null) {
            checks.add(new P99LatencyGate(p99LatencyMs));
        }
        if (errorRate != null) {
            checks.add(new ErrorRateGate(errorRate));
        }
        if (noLeak) {
            checks.add(new NoLeakGate(sampledTargets));
        }
        if (canary != null) {
            checks.add(new CanaryGate());
        }
        return checks;
    }
}
