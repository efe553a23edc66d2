package io.soakrig.analysis.verdict;

import io.soakrig.analysis.comparison.ErrorRateDifference;
import io.soakrig.analysis.comparison.LatencyShift;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.verdict.Summary.CanaryReport;
import io.soakrig.analysis.verdict.Summary.Finding;
import io.soakrig.analysis.verdict.Summary.Leak;
import io.soakrig.contract.latency.LatencyTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * Judges a canary against its baseline, as Kayenta does: each measurement is one finding with its
 * own PASS, FAIL or INCONCLUSIVE and one reason, and the canary fails if any finding fails.
 *
 * <ul>
 *   <li><b>memory</b>: the leak detector's call on the canary's excess growth, the difference of
 *   its memory and the baseline's (see {@code RunAnalyzer.excessGrowth}). The canary fails when
 *   that difference leaks, passes when it does not — a baseline that leaks just as fast is the
 *   known state, not the canary's fault — and is inconclusive while the call is undecided.</li>
 *   <li><b>latency</b> per endpoint: the Hodges–Lehmann shift of the canary's successful requests
 *   over the baseline's, with its confidence interval. FAIL when the whole interval lies above
 *   the tolerance, PASS when it lies at or below it.</li>
 *   <li><b>errors</b>: the difference of error rates with the Agresti–Caffo interval, against the
 *   error-rate tolerance, likewise.</li>
 * </ul>
 *
 * <p>While a run is going, the latency and error findings are judged at the Haybittle–Peto
 * boundary (significance {@value #INTERIM_SIGNIFICANCE} at interim looks, the declared one at the
 * end): repeated looks at a fixed-sample test would otherwise inflate its false-FAIL rate, and
 * this boundary keeps the overall rate close to nominal. The memory finding is already
 * sequential. Only a FAIL stops a run early: a PASS needs the whole canary window, since a canary
 * that looked healthy because it was short is exactly the failure soakrig exists to prevent.
 */
public final class CanaryJudge {
    /** Per-look significance of interim latency and error findings (Haybittle–Peto). */
    public static final double INTERIM_SIGNIFICANCE = 0.001;
    /** Fewest successful requests per arm and endpoint for a latency finding. */
    static final long MIN_REQUESTS = 50;

    /**
     * @param baseline           the baseline target's name (memory samples are keyed by it, or {@code name#0} for the first instance)
     * @param canary             the canary target's name
     * @param latencyTolerance   allowed slow-down as a share of the baseline's median
     * @param latencyToleranceMs least slow-down that counts, milliseconds
     * @param errorRateTolerance allowed increase of the error rate, absolute
     * @param significance       chance of a wrong FAIL or PASS per finding at the end of the run
     */
    public record Config(String baseline, String canary, double latencyTolerance, double latencyToleranceMs,
                         double errorRateTolerance, double significance) {
    }

    /** Tag prefix of each arm in the latency log. */
    public static final String BASELINE_ARM = LatencyTag.BASELINE_ARM;
    public static final String CANARY_ARM = LatencyTag.CANARY_ARM;

    private final Config config;

    public CanaryJudge(Config config) {
        this.config = config;
    }

    /**
     * @param latency the run's latency log, tagged {@code baseline/<endpoint>} and {@code canary/<endpoint>}
     * @param excess  the leak detector's call on the canary's memory minus the baseline's, null when not sampled
     * @param interim whether the run is still going (stricter latency and error findings)
     */
    public CanaryReport judge(LatencyRecording latency, Leak excess, boolean interim) {
        double significance = interim ? Math.min(INTERIM_SIGNIFICANCE, config.significance()) : config.significance();
        List<Finding> findings = new ArrayList<>();
        findings.add(memory(excess));
        for (String endpoint : endpoints(latency)) {
            findings.add(latency(endpoint, latency.tag(LatencyTag.armed(BASELINE_ARM, endpoint)),
                    latency.tag(LatencyTag.armed(CANARY_ARM, endpoint)), significance));
        }
        findings.add(errors(latency, significance));
        Verdict verdict = findings.stream().anyMatch(f -> f.verdict() == Verdict.FAIL) ? Verdict.FAIL
                : findings.stream().anyMatch(f -> f.verdict() == Verdict.INCONCLUSIVE) ? Verdict.INCONCLUSIVE
                : Verdict.PASS;
        return new CanaryReport(verdict, config.baseline(), config.canary(), excess, findings);
    }

    private static Finding memory(Leak excess) {
        if (excess == null) {
            return new Finding("memory", Verdict.INCONCLUSIVE, "memory: the baseline and the canary were not both sampled");
        }
        String slope = excess.slopeMBPerMin() == null ? "no trend yet" : String.format(Locale.ROOT, "%+.2f MB/min, interval %s..%s",
                excess.slopeMBPerMin(), bound(excess.lowerMBPerMin()), bound(excess.upperMBPerMin()));
        return switch (excess.decision()) {
            case LEAK -> new Finding("memory", Verdict.FAIL, String.format(Locale.ROOT,
                    "memory: canary leaks, growing faster than the baseline by %s, called %.0f s in", slope, excess.decidedAtSeconds()));
            case NO_LEAK -> new Finding("memory", Verdict.PASS, "memory: canary grows no faster than the baseline (" + slope + ")");
            default -> new Finding("memory", Verdict.INCONCLUSIVE, "memory: not decided yet whether the canary grows faster than the baseline ("
                    + slope + ")");
        };
    }

    private static String bound(Double v) {
        return v == null ? "unbounded" : String.format(Locale.ROOT, "%+.2f", v);
    }

    private Finding latency(String endpoint, Histogram baseline, Histogram canary, double significance) {
        String name = "latency " + endpoint;
        if (baseline.getTotalCount() < MIN_REQUESTS || canary.getTotalCount() < MIN_REQUESTS) {
            return new Finding(name, Verdict.INCONCLUSIVE, String.format(Locale.ROOT,
                    "%s: too few successful requests to compare (baseline %d, canary %d, need %d each)",
                    name, baseline.getTotalCount(), canary.getTotalCount(), MIN_REQUESTS));
        }
        LatencyShift.Result r = LatencyShift.compare(baseline, canary, 1 - significance);
        double medianMs = r.baselineMedian() / 1e6;
        double toleranceMs = Math.max(config.latencyTolerance() * medianMs, config.latencyToleranceMs());
        String figures = String.format(Locale.ROOT, "shift %+.2f ms, interval %+.2f..%+.2f ms, tolerance %.2f ms over a median of %.2f ms",
                r.shift() / 1e6, r.lower() / 1e6, r.upper() / 1e6, toleranceMs, medianMs);
        Verdict verdict = r.lower() / 1e6 > toleranceMs ? Verdict.FAIL
                : r.upper() / 1e6 <= toleranceMs ? Verdict.PASS
                : Verdict.INCONCLUSIVE;
        String said = switch (verdict) {
            case FAIL -> "canary slower than the tolerance";
            case PASS -> "canary within the tolerance";
            default -> "canary may be slower than the tolerance";
        };
        return new Finding(name, verdict, name + ": " + said + " (" + figures + ")");
    }

    private Finding errors(LatencyRecording latency, double significance) {
        long[] b = counts(latency, BASELINE_ARM);
        long[] c = counts(latency, CANARY_ARM);
        if (b[1] == 0 || c[1] == 0) {
            return new Finding("errors", Verdict.INCONCLUSIVE, "errors: no request recorded for the " + (c[1] == 0 ? "canary" : "baseline"));
        }
        ErrorRateDifference d = ErrorRateDifference.of(b[0], b[1], c[0], c[1], 1 - significance);
        String figures = String.format(Locale.ROOT, "canary %.2f%%, baseline %.2f%%, difference interval %+.2f..%+.2f points, tolerance %.2f points",
                100 * d.canaryRate(), 100 * d.baselineRate(), 100 * d.lower(), 100 * d.upper(), 100 * config.errorRateTolerance());
        Verdict verdict = d.lower() > config.errorRateTolerance() ? Verdict.FAIL
                : d.upper() <= config.errorRateTolerance() ? Verdict.PASS
                : Verdict.INCONCLUSIVE;
        String said = switch (verdict) {
            case FAIL -> "canary fails more often than the tolerance";
            case PASS -> "canary's error rate within the tolerance";
            default -> "canary may fail more often than the tolerance";
        };
        return new Finding("errors", verdict, "errors: " + said + " (" + figures + ")");
    }

    /** {errors, requests} of one arm, every endpoint. */
    private static long[] counts(LatencyRecording latency, String arm) {
        long errors = 0;
        long requests = 0;
        for (Map.Entry<String, Histogram> e : latency.byTag().entrySet()) {
            Optional<LatencyTag> tag = LatencyTag.tryParse(e.getKey());
            if (tag.isPresent() && tag.get().arm().equals(arm) && tag.get().logical()) {
                requests += e.getValue().getTotalCount();
                if (tag.get().kind() == LatencyTag.Kind.FAILED) {
                    errors += e.getValue().getTotalCount();
                }
            }
        }
        return new long[] {errors, requests};
    }

    /** Endpoints recorded in either arm. */
    private static SortedSet<String> endpoints(LatencyRecording latency) {
        SortedSet<String> names = new TreeSet<>();
        for (String tagged : latency.endpoints()) {
            LatencyTag.tryParse(tagged).filter(t -> LatencyTag.CANARY_ARMS.contains(t.arm())).ifPresent(t -> names.add(t.endpoint()));
        }
        return names;
    }

}
