package io.soakrig.analysis.verdict;

import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.load.GeneratorCheck;
import java.util.Map;

/**
 * What a completed run's gates judge: the figures taken from its recordings, once.
 *
 * @param latency      percentiles of successful requests, every endpoint
 * @param errorRate    failed (and unfinished) requests over requests
 * @param leaks        the leak detector's call per sampled label ({@code name} or {@code name#i})
 * @param lastSamples  epoch millis of each label's last memory sample
 * @param runEndMillis when the run's traffic ended, epoch millis; 0 when unknown
 * @param canary       the canary's findings, null without a canary
 * @param generator    whether the load generator kept to its schedule, null without an arrival log
 * @param accounting   started against recorded requests, null when not counted
 */
record Measurements(Percentiles latency, double errorRate, Map<String, Summary.Leak> leaks, Map<String, Long> lastSamples,
                    long runEndMillis, Summary.CanaryReport canary, GeneratorCheck.Result generator,
                    RequestAccounting accounting) {
    /** Whether the generator fell behind its schedule, so that latency measured then is not the target's. */
    boolean saturated() {
        return generator != null && generator.saturated();
    }
}
