package io.soakrig.analysis.verdict;

import java.util.List;
import java.util.Locale;

/**
 * The p99 latency of successful requests against its threshold. A run whose load generator fell
 * behind its schedule is not judged: latency measured then is the generator's as much as the
 * target's. A run without a successful request fails: there is no latency to vouch for.
 */
record P99LatencyGate(double thresholdMs) implements Gate {
    private static final String GATE = "p99 latency";

    @Override
    public List<GateResult> judge(Measurements measured) {
        Double p99 = measured.latency().p99();
        if (measured.saturated()) {
            return List.of(new GateResult(GATE, GateResult.Outcome.NOT_JUDGED, "p99 latency " + ms(p99 == null ? Double.NaN : p99)
                    + " ms not judged against gate " + ms(thresholdMs) + " ms: the generator was saturated"));
        }
        if (p99 == null) {
            return List.of(new GateResult(GATE, GateResult.Outcome.FAILED,
                    "p99 latency: no successful request to measure, gate " + ms(thresholdMs) + " ms"));
        }
        boolean ok = p99 <= thresholdMs;
        return List.of(new GateResult(GATE, ok ? GateResult.Outcome.PASSED : GateResult.Outcome.FAILED, "p99 latency "
                + ms(p99) + " ms " + (ok ? "within" : "exceeds") + " gate " + ms(thresholdMs) + " ms"));
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }
}
