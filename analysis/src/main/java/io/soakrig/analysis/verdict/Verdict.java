package io.soakrig.analysis.verdict;

import java.util.List;

/** The one-word answer of a run, in the order of precedence in which they are decided. */
public enum Verdict {
    /** The harness or a target failed in a way that prevented measuring. */
    ERROR,
    /** Measurements exist but cannot support an answer (e.g. the run was interrupted). */
    INCONCLUSIVE,
    /** At least one gate failed. */
    FAIL,
    /** Every gate passed. */
    PASS;

    /** The verdict of judged gates: FAIL if any failed, else INCONCLUSIVE if any could not be judged, else PASS. */
    public static Verdict of(List<GateResult> results) {
        return results.stream().anyMatch(r -> r.outcome() == GateResult.Outcome.FAILED) ? FAIL
                : results.stream().anyMatch(r -> r.outcome() == GateResult.Outcome.NOT_JUDGED) ? INCONCLUSIVE
                : PASS;
    }
}
