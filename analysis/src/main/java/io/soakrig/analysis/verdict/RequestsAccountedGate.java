package io.soakrig.analysis.verdict;

import java.util.List;

/**
 * Whether the requests the load generator started reconcile with those it recorded (see
 * {@link io.soakrig.analysis.latency.RequestAccounting}). Checked on every completed run, gated or
 * not: when they do not, the error rate may be missing requests, and the run is at best
 * INCONCLUSIVE.
 */
record RequestsAccountedGate() implements Gate {
    @Override
    public List<GateResult> judge(Measurements measured) {
        if (measured.accounting() == null || measured.accounting().reconciled()) {
            return List.of();
        }
        return List.of(new GateResult("requests accounted", GateResult.Outcome.NOT_JUDGED,
                "requests not accounted for: " + measured.accounting().problem()));
    }
}
