package io.soakrig.harness.run;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.analysis.verdict.CanaryJudge;
import io.soakrig.analysis.verdict.Gates;
import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.profile.Profile;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a run while it goes, on what has been recorded so far: the leak detector's call on each
 * target and the canary's interim verdict. Both are sequential tests, so a gated leak or a canary
 * failure called now is certain, and the rest of the schedule would only wait for the verdict:
 * the call then says the run can stop early, and why.
 */
final class LiveJudge {
    /**
     * The scheduled looks only: this judge runs again every few seconds on a series that keeps
     * growing, and a look at the end of each would be an unbounded number of tests at one level
     * (see {@link LeakDetector.Look}). The end of the run is judged by the verdict, from the log.
     */
    private static final LeakDetector.Look LIVE = LeakDetector.Look.SCHEDULED_ONLY;

    private final Profile profile;
    private final Gates gates;
    private final Map<String, Double> memoryLimitsMB;

    LiveJudge(Profile profile) {
        this.profile = profile;
        this.gates = AnalysisSettings.gates(profile);
        this.memoryLimitsMB = AnalysisSettings.memoryLimitsMB(profile);
    }

    /**
     * One live call.
     *
     * @param leaks     the leak detector's call per sampled target
     * @param canary    the canary's interim verdict, or null without a canary
     * @param earlyStop why the run can stop now, or empty to play on
     */
    record Call(Map<String, Summary.Leak> leaks, Summary.CanaryReport canary, Optional<String> earlyStop) {
    }

    /** Judges the memory samples and latency recorded so far, {@code elapsed} into the run. */
    Call judge(List<MemorySample> samples, LatencyRecording latency, Duration elapsed) {
        Map<String, Summary.Leak> leaks = LeakCalls.of(samples, memoryLimitsMB, gates.leakDetection(), LIVE);
        Summary.CanaryReport canary = gates.canary() == null ? null : new CanaryJudge(gates.canary())
                .judge(latency, LeakCalls.excessGrowth(samples, gates.canary(), gates.leakDetection(), LIVE), true);
        return new Call(leaks, canary, earlyStop(leaks, canary, elapsed));
    }

    private Optional<String> earlyStop(Map<String, Summary.Leak> leaks, Summary.CanaryReport canary, Duration elapsed) {
        Duration left = profile.plannedDuration().minus(elapsed);
        String before = String.format(Locale.ROOT, "%d s before the planned end (%.0f%% of the schedule unplayed)",
                Math.max(0, left.toSeconds()), Math.max(0, 100.0 * left.toMillis() / profile.plannedDuration().toMillis()));
        if (canary != null && canary.verdict() == Verdict.FAIL) {
            String finding = canary.findings().stream().filter(f -> f.verdict() == Verdict.FAIL)
                    .map(Summary.Finding::name).findFirst().orElseThrow();
            return Optional.of(String.format(Locale.ROOT, "stopped early: canary FAIL on %s at %d s, %s",
                    finding, elapsed.toSeconds(), before));
        }
        if (gates.noLeak()) {
            for (Map.Entry<String, Summary.Leak> leak : leaks.entrySet()) {
                if (leak.getValue().decision() == LeakDetector.Decision.LEAK) {
                    return Optional.of(String.format(Locale.ROOT, "stopped early: memory leak called in %s at %d s, %s",
                            leak.getKey(), elapsed.toSeconds(), before));
                }
            }
        }
        return Optional.empty();
    }
}
