package io.soakrig.analysis.verdict;

import java.util.List;

/**
 * The canary's comparison with its baseline ({@link CanaryJudge}): one result per finding, a FAIL
 * failing the run and an INCONCLUSIVE finding leaving it without a verdict.
 */
record CanaryGate() implements Gate {
    @Override
    public List<GateResult> judge(Measurements measured) {
        return measured.canary().findings().stream().map(f -> new GateResult("canary " + f.name(),
                f.verdict() == Verdict.PASS ? GateResult.Outcome.PASSED
                        : f.verdict() == Verdict.FAIL ? GateResult.Outcome.FAILED : GateResult.Outcome.NOT_JUDGED,
                "canary " + f.verdict() + " " + f.reason())).toList();
    }
}
