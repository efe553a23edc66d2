package io.soakrig.analysis.verdict;

import java.util.List;

/**
 * One threshold a run is held to, as an object: it looks at the run's {@link Measurements} and
 * says how it came out, one {@link GateResult} per thing it checked (the no-leak gate checks each
 * target). Gates do not decide the verdict; {@link Verdict#of(List)} combines their results, so a
 * new threshold is one more gate and the precedence rules stay in one place.
 */
interface Gate {
    List<GateResult> judge(Measurements measured);
}
