package io.soakrig.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each gate on its own, on measurements made up in the test, and the verdict their results make. */
class GateTest {
    private static final Percentiles P99_12MS = new Percentiles(2.0, 8.0, 12.0, 15.0, 20.0);
    private static final GeneratorCheck.Result KEPT_UP = new GeneratorCheck.Result(60, 0, 0, 6000, 6000, 100, 100);
    private static final GeneratorCheck.Result FELL_BEHIND = new GeneratorCheck.Result(60, 12, 9.5, 6000, 5400, 100, 80);

    private static Measurements measured(Percentiles latency, double errorRate, GeneratorCheck.Result generator,
                                         RequestAccounting accounting) {
        return new Measurements(latency, errorRate, Map.of(), Map.of(), 0, null, generator, accounting);
    }

    @Test
    void theP99GateComparesWithItsThresholdAndSaysBy() {
        assertThat(new P99LatencyGate(20).judge(measured(P99_12MS, 0, KEPT_UP, null)))
                .containsExactly(new GateResult("p99 latency", GateResult.Outcome.PASSED, "p99 latency 12.00 ms within gate 20.00 ms"));
        assertThat(new P99LatencyGate(10).judge(measured(P99_12MS, 0, KEPT_UP, null)))
                .extracting(GateResult::outcome).containsExactly(GateResult.Outcome.FAILED);
    }

    @Test
    void theP99GateDoesNotJudgeWhatASaturatedGeneratorMeasured() {
        assertThat(new P99LatencyGate(10).judge(measured(P99_12MS, 0, FELL_BEHIND, null)))
                .containsExactly(new GateResult("p99 latency", GateResult.Outcome.NOT_JUDGED,
                        "p99 latency 12.00 ms not judged against gate 10.00 ms: the generator was saturated"));
    }

    @Test
    void theP99GateFailsWithoutASuccessfulRequest() {
        Percentiles none = new Percentiles(null, null, null, null, null);
        assertThat(new P99LatencyGate(10).judge(measured(none, 1, KEPT_UP, null)))
                .extracting(GateResult::outcome).containsExactly(GateResult.Outcome.FAILED);
    }

    @Test
    void theErrorRateGateHoldsAtItsThreshold() {
        assertThat(new ErrorRateGate(0.01).judge(measured(P99_12MS, 0.01, null, null)))
                .containsExactly(new GateResult("error rate", GateResult.Outcome.PASSED, "error rate 1.00% within gate 1.00%"));
        assertThat(new ErrorRateGate(0.01).judge(measured(P99_12MS, 0.0101, null, null)))
                .extracting(GateResult::outcome).containsExactly(GateResult.Outcome.FAILED);
    }

    @Test
    void requestsThatDoNotReconcileAreNotJudgedAndReconciledOnesSayNothing() {
        RequestAccounting unreconciled = new RequestAccounting(null, 10, null, Map.of(), "requests.json is unreadable: x");
        RequestAccounting reconciled = new RequestAccounting(10L, 10, 0L, Map.of(), null);
        assertThat(new RequestsAccountedGate().judge(measured(P99_12MS, 0, null, unreconciled))).containsExactly(new GateResult(
                "requests accounted", GateResult.Outcome.NOT_JUDGED, "requests not accounted for: requests.json is unreadable: x"));
        assertThat(new RequestsAccountedGate().judge(measured(P99_12MS, 0, null, reconciled))).isEmpty();
        assertThat(new RequestsAccountedGate().judge(measured(P99_12MS, 0, null, null))).isEmpty();
    }

    @Test
    void aTargetSilentAgainstTheOthersIsNotPassedEvenWhenTheWallClockSteppedBackBeforeTheEnd() {
        Summary.Leak noLeak = new Summary.Leak(LeakDetector.Decision.NO_LEAK, 0.1, -0.2, 0.4, 120.0, null);
        Measurements m = new Measurements(P99_12MS, 0, Map.of("api", noLeak, "db", noLeak), Map.of("api", 600_000L, "db", 500_000L),
                520_000, null, null, null);

        assertThat(new NoLeakGate(Set.of("api", "db")).judge(m)).extracting(GateResult::gate, GateResult::outcome)
                .containsExactlyInAnyOrder(tuple("no leak in api", GateResult.Outcome.PASSED), tuple("no leak in db", GateResult.Outcome.NOT_JUDGED));
    }

    @Test
    void theNoLeakGateFailsClosedOnATargetNeverSampled() {
        Summary.Leak noLeak = new Summary.Leak(LeakDetector.Decision.NO_LEAK, 0.1, -0.2, 0.4, 120.0, null);
        Measurements m = new Measurements(P99_12MS, 0, Map.of("api", noLeak), Map.of("api", 1_000L), 1_000, null, null, null);
        assertThat(new NoLeakGate(Set.of("api", "db")).judge(m)).extracting(GateResult::gate, GateResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("no leak in db", GateResult.Outcome.NOT_JUDGED),
                        org.assertj.core.groups.Tuple.tuple("no leak in api", GateResult.Outcome.PASSED));
    }

    @Test
    void theVerdictIsFailOverNotJudgedOverPass() {
        GateResult passed = new GateResult("a", GateResult.Outcome.PASSED, "a");
        GateResult notJudged = new GateResult("b", GateResult.Outcome.NOT_JUDGED, "b");
        GateResult failed = new GateResult("c", GateResult.Outcome.FAILED, "c");
        assertThat(Verdict.of(List.of())).isEqualTo(Verdict.PASS);
        assertThat(Verdict.of(List.of(passed))).isEqualTo(Verdict.PASS);
        assertThat(Verdict.of(List.of(passed, notJudged))).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.of(List.of(notJudged, failed, passed))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void gatesListOneCheckPerThresholdSetInReportingOrder() {
        CanaryJudge.Config canary = new CanaryJudge.Config("b", "c", 0.2, 1, 0.01, 0.01);
        assertThat(new Gates(5.0, 0.01, true, LeakDetector.Config.DEFAULTS, canary).checks()).extracting(g -> g.getClass().getSimpleName())
                .containsExactly("RequestsAccountedGate", "P99LatencyGate", "ErrorRateGate", "NoLeakGate", "CanaryGate");
        assertThat(Gates.NONE.checks()).extracting(g -> g.getClass().getSimpleName()).containsExactly("RequestsAccountedGate");
    }
}
