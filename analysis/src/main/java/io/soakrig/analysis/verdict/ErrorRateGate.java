package io.soakrig.analysis.verdict;

import java.util.List;
import java.util.Locale;

/** The share of failed requests (unfinished ones included) against its threshold. */
record ErrorRateGate(double threshold) implements Gate {
    @Override
    public List<GateResult> judge(Measurements measured) {
        boolean ok = measured.errorRate() <= threshold;
        return List.of(new GateResult("error rate", ok ? GateResult.Outcome.PASSED : GateResult.Outcome.FAILED,
                "error rate " + percent(measured.errorRate()) + " " + (ok ? "within" : "exceeds") + " gate " + percent(threshold)));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }
}
