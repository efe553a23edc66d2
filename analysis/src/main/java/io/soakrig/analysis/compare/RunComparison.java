package io.soakrig.analysis.compare;

import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.verdict.Summary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs side by side — tonight against last night — with what got worse flagged: the nightly-soak
 * user's question. The first run is the reference; every other run is compared with it, figure
 * by figure, and a figure is flagged when it is worse by more than its threshold:
 * <ul>
 *   <li>latency percentiles (overall and per endpoint): {@value #LATENCY_RATIO_PERCENT} % slower and at least
 *   {@value #LATENCY_FLOOR_MS} ms — a share of a sub-millisecond figure is noise;</li>
 *   <li>error rate: {@value #ERROR_RATE_POINTS} percentage points higher;</li>
 *   <li>memory growth per target: {@value #SLOPE_MB_PER_MIN} MB/min faster, or a leak called where there was none;</li>
 *   <li>amplification per layer: {@value #AMPLIFICATION_PERCENT} % more attempts per request;</li>
 *   <li>the verdict: any change away from PASS.</li>
 * </ul>
 * Thresholds are fixed rather than statistical: two summaries carry percentiles, not the
 * distributions behind them (the canary gate compares distributions, from one run's logs).
 */
public final class RunComparison {
    static final double LATENCY_RATIO_PERCENT = 20;
    static final double LATENCY_FLOOR_MS = 1;
    static final double ERROR_RATE_POINTS = 0.5;
    static final double SLOPE_MB_PER_MIN = 1;
    static final double AMPLIFICATION_PERCENT = 10;

    /**
     * One compared figure.
     *
     * @param figure  what it is, e.g. {@code p99 ms catalog}
     * @param values  one rendered value per run ("-" where a run lacks it)
     * @param flagged per run, whether it is worse than the reference beyond the threshold
     */
    public record Row(String figure, List<String> values, List<Boolean> flagged) {
        public boolean anyFlagged() {
            return flagged.contains(true);
        }
    }

    private RunComparison() {
    }

    /** The rows comparing {@code runs} (the first is the reference). */
    public static List<Row> compare(List<Summary> runs) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("verdict", runs, s -> s.verdict().name(), (ref, s) -> !ref.equals(s) && !"PASS".equals(s)));
        rows.add(number("requests", runs, s -> (double) s.requests(), "%.0f", (ref, v) -> false));
        rows.add(number("error rate %", runs, s -> s.errorRate() == null ? null : 100 * s.errorRate(), "%.2f",
                (ref, v) -> v - ref > ERROR_RATE_POINTS));
        latency(rows, "", runs, Summary::latencyMs);
        Set<String> endpoints = new LinkedHashSet<>();
        runs.forEach(s -> endpoints.addAll(s.endpoints().keySet()));
        for (String e : endpoints) {
            latency(rows, " " + e, runs, s -> s.endpoints().containsKey(e) ? s.endpoints().get(e).latencyMs() : null);
        }
        Set<String> targets = new LinkedHashSet<>();
        runs.forEach(s -> targets.addAll(s.leak().keySet()));
        for (String t : targets) {
            rows.add(number("memory MB/min " + t, runs, s -> s.leak().containsKey(t) ? s.leak().get(t).slopeMBPerMin() : null,
                    "%+.2f", (ref, v) -> v - ref > SLOPE_MB_PER_MIN));
            rows.add(row("leak " + t, runs, s -> s.leak().containsKey(t) ? s.leak().get(t).decision().name() : "-",
                    (ref, v) -> "LEAK".equals(v) && !"LEAK".equals(ref)));
        }
        Set<String> layers = new LinkedHashSet<>();
        runs.forEach(s -> {
            if (s.amplification() != null) {
                layers.addAll(s.amplification().perLayer().keySet());
            }
        });
        for (String layer : layers) {
            rows.add(number("amplification " + layer, runs,
                    s -> s.amplification() == null ? null : s.amplification().perLayer().get(layer), "%.2f",
                    (ref, v) -> v > ref * (1 + AMPLIFICATION_PERCENT / 100)));
        }
        return rows;
    }

    private static void latency(List<Row> rows, String suffix, List<Summary> runs, Function<Summary, Percentiles> of) {
        rows.add(number("p50 ms" + suffix, runs, s -> of.apply(s) == null ? null : of.apply(s).p50(), "%.2f", RunComparison::slower));
        rows.add(number("p99 ms" + suffix, runs, s -> of.apply(s) == null ? null : of.apply(s).p99(), "%.2f", RunComparison::slower));
        rows.add(number("p99.9 ms" + suffix, runs, s -> of.apply(s) == null ? null : of.apply(s).p999(), "%.2f", RunComparison::slower));
    }

    private static boolean slower(double ref, double v) {
        return v - ref >= LATENCY_FLOOR_MS && v > ref * (1 + LATENCY_RATIO_PERCENT / 100);
    }

    private interface Worse<T> {
        boolean test(T reference, T value);
    }

    private static Row number(String figure, List<Summary> runs, Function<Summary, Double> of, String format, Worse<Double> worse) {
        List<String> values = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        Double ref = of.apply(runs.get(0));
        for (Summary s : runs) {
            Double v = of.apply(s);
            values.add(v == null ? "-" : String.format(Locale.ROOT, format, v));
            flagged.add(ref != null && v != null && worse.test(ref, v));
        }
        return new Row(figure, values, flagged);
    }

    private static Row row(String figure, List<Summary> runs, Function<Summary, String> of, Worse<String> worse) {
        List<String> values = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        String ref = of.apply(runs.get(0));
        for (Summary s : runs) {
            String v = of.apply(s);
            values.add(v);
            flagged.add(worse.test(ref, v));
        }
        return new Row(figure, values, flagged);
    }
}
