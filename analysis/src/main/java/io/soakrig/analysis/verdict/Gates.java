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
 */
public record Gates(Double p99LatencyMs, Double errorRate, boolean noLeak, LeakDetector.Config leakDetection,
                    CanaryJudge.Config canary) {
    public static final Gates NONE = new Gates(null, null, false, LeakDetector.Config.DEFAULTS, null);
}
