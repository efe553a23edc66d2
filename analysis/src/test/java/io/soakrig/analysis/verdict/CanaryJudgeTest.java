package io.soakrig.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.verdict.Summary.CanaryReport;
import io.soakrig.analysis.verdict.Summary.Finding;
import io.soakrig.analysis.verdict.Summary.Leak;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
    private static final Leak NO_EXCESS = new Leak(LeakDetector.Decision.NO_LEAK, 0.1, -0.4, 0.5, 120.0, null);
    private final CanaryJudge judge = new CanaryJudge(new CanaryJudge.Config("stable", "next", 0.2, 1.0, 0.01, 0.01));

    @Test
    void aCanaryLikeItsBaselinePasses() {
        CanaryReport r = judge.judge(recording(5_000, 0, 0, 0, 0), NO_EXCESS, false);

        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.findings()).extracting(Finding::name).containsExactly("memory", "latency home", "errors");
        assertThat(r.findings()).allMatch(f -> f.verdict() == Verdict.PASS);
        assertThat(r.baseline()).isEqualTo("stable");
        assertThat(r.canary()).isEqualTo("next");
    }

    @Test
    void aCanarySlowerThanTheToleranceFailsOnLatencyAlone() {
        CanaryReport r = judge.judge(recording(5_000, 2_000_000, 0, 0, 0), NO_EXCESS, false);

        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding(r, "latency home").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding(r, "latency home").reason()).contains("shift +2.0").contains("tolerance 1.00 ms");
        assertThat(finding(r, "errors").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aSlowDownWithinTheToleranceIsNotAFailure() {
        CanaryReport r = judge.judge(recording(5_000, 200_000, 0, 0, 0), NO_EXCESS, false);

        assertThat(finding(r, "latency home").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aCanaryFailingMoreOftenFailsOnErrors() {
        CanaryReport r = judge.judge(recording(5_000, 0, 10, 400, 0), NO_EXCESS, false);

        assertThat(finding(r, "errors").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding(r, "errors").reason()).contains("canary 7.41%");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aLeakingCanaryFailsOnMemoryAndAnUndecidedOneIsInconclusive() {
        Leak leak = new Leak(LeakDetector.Decision.LEAK, 30.0, 25.0, 35.0, 64.0, null);
        Leak undecided = new Leak(LeakDetector.Decision.UNDECIDED, 0.8, -2.0, 3.0, null, null);

        CanaryReport leaking = judge.judge(recording(5_000, 0, 0, 0, 0), leak, false);
        CanaryReport unsure = judge.judge(recording(5_000, 0, 0, 0, 0), undecided, false);

        assertThat(finding(leaking, "memory").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding(leaking, "memory").reason()).contains("+30.00 MB/min").contains("called 64 s in");
        assertThat(leaking.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(unsure.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge.judge(recording(5_000, 0, 0, 0, 0), null, false).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void tooFewRequestsToCompareAreInconclusive() {
        CanaryReport r = judge.judge(recording(20, 0, 0, 0, 0), NO_EXCESS, false);

        assertThat(finding(r, "latency home").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(finding(r, "latency home").reason()).contains("need 50 each");
    }

    @Test
    void interimLooksNeedStrongerEvidenceThanTheFinalOne() {
        LatencyRecording borderline = recording(5_000, 0, 40, 130, 0);

        assertThat(finding(judge.judge(borderline, NO_EXCESS, false), "errors").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding(judge.judge(borderline, NO_EXCESS, true), "errors").verdict()).isNotEqualTo(Verdict.FAIL);
    }

    private static Finding finding(CanaryReport r, String name) {
        return r.findings().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Both arms answer {@code ok} requests of endpoint "home" at about 5 ms; the canary is slower by
     * {@code slowerNanos}; each arm also fails {@code ...Errors} requests.
     */
    private static LatencyRecording recording(int ok, long slowerNanos, int baselineErrors, int canaryErrors, long seed) {
        Random random = new Random(seed);
        Map<String, Histogram> byTag = new TreeMap<>();
        Histogram baseline = new Histogram(3);
        Histogram canary = new Histogram(3);
        for (int i = 0; i < ok; i++) {
            baseline.recordValue((long) (5_000_000 * Math.exp(0.3 * random.nextGaussian())));
            canary.recordValue((long) (5_000_000 * Math.exp(0.3 * random.nextGaussian())) + slowerNanos);
        }
        byTag.put("baseline/home", baseline);
        byTag.put("canary/home", canary);
        byTag.put("baseline/home.ko", errors(baselineErrors));
        byTag.put("canary/home.ko", errors(canaryErrors));
        return new LatencyRecording(byTag, 0, 60_000, false);
    }

    private static Histogram errors(int count) {
        Histogram h = new Histogram(3);
        if (count > 0) {
            h.recordValueWithCount(1_000_000, count);
        }
        return h;
    }
}
