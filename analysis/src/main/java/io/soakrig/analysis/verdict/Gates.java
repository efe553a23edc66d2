package io.soakrig.analysis.verdict;

import io.soakrig.analysis.leak.LeakDetector;

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
                    CanaryJudge.Config canary, java.util.Set<String> sampledTargets) {
    public static final Gates NONE = new Gates(null, null, false, LeakDetector.Config.DEFAULTS, null);

    public Gates {
        sampledTargets = java.util.Set.copyOf(sampledTargets);
    }

    /** Gates that expect no particular target's memory: only what was sampled is judged. */
    public Gates(Double p99LatencyMs, Double errorRate, boolean noLeak, LeakDetector.Config leakDetection,
                 CanaryJudge.Config canary) {
        this(p99LatencyMs, errorRate, noLeak, leakDetection, canary, java.util.Set.of());
    }
}
