package io.soakrig.analysis.report;

import io.soakrig.analysis.experiment.ExperimentTable;
import io.soakrig.analysis.latency.EndpointOutcomes;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.latency.SuccessIntervals;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.analysis.recording.RunRecordings;
import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.contract.InstanceLabel;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.latency.LatencyTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The figures of {@code report.html}, from a run as judged — the same recordings and fitted lines
 * the verdict rests on, nothing read again: what {@code report.js} draws.
 * Times are seconds since the run's first recorded moment; latencies are milliseconds; memory is
 * MiB. A series over time of more points than a chart has pixels is thinned for drawing by
 * {@link DrawnPoints} (each time slice's lowest and highest point of every line), and
 * {@code thinnedToSlices} then says into how many slices, for the page to say so; the verdict and
 * the tables are the judgement's, computed from every point.
 */
record ReportData(String profile, String verdict, String headline, List<String> reasons,
                  Map<String, Series> latency, Map<String, Outcomes> outcomes, Map<String, Spectrum> spectrum, Map<String, Memory> memory,
                  Arrivals arrivals, Map<String, Double> amplification, List<Event> events,
                  List<Map<String, Object>> canary, List<Map<String, Object>> experiment, Integer thinnedToSlices) {
    private static final double NANOS_PER_MS = 1e6;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /** p50 and p99 per interval. */
    record Series(List<Double> t, List<Double> p50, List<Double> p99) {
        Series drawn() {
            int[] kept = DrawnPoints.of(t, p50, p99);
            return new Series(DrawnPoints.at(t, kept), DrawnPoints.at(p50, kept), DrawnPoints.at(p99, kept));
        }

        private boolean thinned() {
            return DrawnPoints.thins(t);
        }
    }

    /**
     * How an endpoint's logical requests ended per interval: the share that succeeded, in percent,
     * and the clients' attempts per logical request; null where no request ended or no attempt was recorded.
     */
    record Outcomes(List<Double> t, List<Double> successPercent, List<Double> amplification) {
        Outcomes drawn() {
            int[] kept = DrawnPoints.of(t, successPercent, amplification);
            return new Outcomes(DrawnPoints.at(t, kept), DrawnPoints.at(successPercent, kept), DrawnPoints.at(amplification, kept));
        }

        private boolean thinned() {
            return DrawnPoints.thins(t);
        }
    }

    /** The percentile spectrum: x = 1 / (1 − p), value in ms. */
    record Spectrum(List<Double> x, List<Double> ms) {
    }

    /**
     * A target's memory series and, when the leak detector judged it, the growth it fitted.
     *
     * @param signal which figure the series is (heap after GC, RSS…)
     */
    record Memory(String signal, List<Double> t, List<Double> mb, Fit fit) {
        Memory drawn() {
            int[] kept = DrawnPoints.of(t, mb);
            return new Memory(signal, DrawnPoints.at(t, kept), DrawnPoints.at(mb, kept), fit);
        }

        private boolean thinned() {
            return DrawnPoints.thins(t);
        }
    }

    /**
     * The leak call's fitted line ({@link LeakCalls.TrendLine}, the one its verdict rests on), drawn
     * from the first to the last sample, with the slope interval's lines from the same start, and
     * where the call was made.
     */
    record Fit(double slope, double t0, double t1, double mb0, double mb1, Double lowerMb1, Double upperMb1,
               String decision, Double calledAt, Double calledMb) {
    }

    record Arrivals(List<Double> t, List<Double> intended, List<Double> started) {
        Arrivals drawn() {
            int[] kept = DrawnPoints.of(t, intended, started);
            return new Arrivals(DrawnPoints.at(t, kept), DrawnPoints.at(intended, kept), DrawnPoints.at(started, kept));
        }

        private boolean thinned() {
            return DrawnPoints.thins(t);
        }
    }

    record Event(double t, String lane, String type) {
    }

    static ReportData of(RunJudgement judged) {
        Summary summary = judged.summary();
        RunRecordings recorded = judged.recordings();
        long start = start(recorded.successes().startMillis(), recorded.samples(), recorded.events());
        Map<String, Series> latency = overTime(recorded.successes(), start);
        Map<String, Outcomes> outcomes = outcomes(recorded.outcomes(), start);
        Map<String, Memory> memory = memory(recorded.samples(), summary, judged.trendLines(), start);
        Arrivals arrivals = arrivals(recorded.arrivals());
        boolean thinned = latency.values().stream().anyMatch(Series::thinned) || outcomes.values().stream().anyMatch(Outcomes::thinned)
                || memory.values().stream().anyMatch(Memory::thinned) || arrivals.thinned();
        return new ReportData(summary.profile(), summary.verdict().name(), headline(summary), summary.reasons(),
                drawn(latency, Series::drawn), drawn(outcomes, Outcomes::drawn), spectrum(recorded.latency()),
                drawn(memory, Memory::drawn), arrivals.drawn(),
                summary.amplification() == null ? Map.of() : summary.amplification().perLayer(),
                recorded.events().stream().map(e -> new Event((e.epochMillis() - start) / 1000.0,
                        InstanceLabel.numbered(e.target(), e.instance()).toString(), e.type().name())).toList(),
                canary(summary), ExperimentTable.of(summary.experiment()).asRows(), thinned ? DrawnPoints.SLICES : null);
    }

    private static <T> Map<String, T> drawn(Map<String, T> all, UnaryOperator<T> thin) {
        Map<String, T> drawn = new LinkedHashMap<>();
        all.forEach((k, v) -> drawn.put(k, thin.apply(v)));
        return drawn;
    }

    private static long start(long latencyStart, List<MemorySample> samples, List<RunEvent> events) {
        long start = latencyStart > 0 ? latencyStart : Long.MAX_VALUE;
        if (!samples.isEmpty()) {
            start = Math.min(start, samples.get(0).epochMillis());
        }
        if (!events.isEmpty()) {
            start = Math.min(start, events.get(0).epochMillis());
        }
        return start == Long.MAX_VALUE ? 0 : start;
    }

    private static String headline(Summary s) {
        return String.format(Locale.ROOT, "%d requests, %d errors%s over %.0f s", s.requests(), s.errors(),
                s.latencyMs() == null || s.latencyMs().p99() == null ? "" : String.format(Locale.ROOT, ", p99 %.2f ms", s.latencyMs().p99()),
                s.durationSeconds());
    }

    /** Each endpoint's p50 and p99 per interval, at seconds since {@code start}. */
    private static Map<String, Series> overTime(SuccessIntervals successes, long start) {
        Map<String, Series> series = new TreeMap<>();
        successes.byEndpoint().forEach((tag, points) -> series.put(tag, new Series(
                points.stream().map(p -> (p.startMillis() - start) / 1000.0).toList(),
                points.stream().map(p -> round(p.p50Nanos() / NANOS_PER_MS)).toList(),
                points.stream().map(p -> round(p.p99Nanos() / NANOS_PER_MS)).toList())));
        return series;
    }

    /** Each endpoint's success rate and amplification per interval, at seconds since {@code start}. */
    private static Map<String, Outcomes> outcomes(EndpointOutcomes outcomes, long start) {
        Map<String, Outcomes> series = new TreeMap<>();
        outcomes.byEndpoint().forEach((request, points) -> series.put(request, new Outcomes(
                points.stream().map(p -> (p.startMillis() - start) / 1000.0).toList(),
                points.stream().map(p -> p.successRate() == null ? null : round(100 * p.successRate())).toList(),
                points.stream().map(p -> p.amplification() == null ? null : round(p.amplification())).toList())));
        return series;
    }

    /** The spectrum of all successful requests and, with several endpoints, of each one's. */
    private static Map<String, Spectrum> spectrum(LatencyRecording latency) {
        Map<String, Histogram> totals = new TreeMap<>();
        latency.byTag().forEach((tag, h) -> {
            if (LatencyTag.kindOf(tag) == LatencyTag.Kind.OK && h.getTotalCount() > 0) {
                totals.put(tag, h);
            }
        });
        Map<String, Spectrum> spectra = new LinkedHashMap<>();
        Histogram all = new Histogram(3);
        totals.values().forEach(all::add);
        if (all.getTotalCount() > 0) {
            spectra.put("all", spectrum(all));
        }
        if (totals.size() > 1) {
            totals.forEach((tag, h) -> spectra.put(tag, spectrum(h)));
        }
        return spectra;
    }

    private static Spectrum spectrum(Histogram h) {
        List<Double> x = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            if (p >= 1.0) {
                break;
            }
            x.add(round(1 / (1 - p)));
            ms.add(round(h.highestEquivalentValue(v.getValueIteratedTo()) / NANOS_PER_MS));
        }
        return new Spectrum(x, ms);
    }

    private static Map<String, Memory> memory(List<MemorySample> samples, Summary summary, Map<String, LeakCalls.TrendLine> lines,
                                              long start) {
        Map<String, List<MemorySample>> byLabel = new TreeMap<>();
        samples.stream().filter(s -> s.gcAwareBytes() >= 0).forEach(s -> byLabel.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s));
        Map<String, Memory> memory = new LinkedHashMap<>();
        byLabel.forEach((label, series) -> {
            List<Double> t = series.stream().map(s -> (s.epochMillis() - start) / 1000.0).toList();
            List<Double> mb = series.stream().map(s -> round(s.gcAwareBytes() / BYTES_PER_MB)).toList();
            Summary.Leak leak = summary.leak() == null ? null : summary.leak().get(label);
            LeakCalls.TrendLine line = lines.get(label);
            memory.put(label, new Memory(series.get(series.size() - 1).gcAwareSignal().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    t, mb, leak == null || line == null ? null : fit(t, start, line, leak)));
        });
        return memory;
    }

    /** The leak call's line, from the first to the last sample, with its interval's lines from the same start. */
    private static Fit fit(List<Double> t, long start, LeakCalls.TrendLine line, Summary.Leak leak) {
        double t0 = t.get(0);
        double t1 = t.get(t.size() - 1);
        double mb0 = line.mbAt(start + t0 * 1000);
        Double called = leak.decidedAtSeconds() == null ? null : t0 + leak.decidedAtSeconds();
        return new Fit(leak.slopeMBPerMin(), t0, t1, round(mb0), round(line.mbAt(start + t1 * 1000)),
                leak.lowerMBPerMin() == null ? null : round(mb0 + leak.lowerMBPerMin() / 60 * (t1 - t0)),
                leak.upperMBPerMin() == null ? null : round(mb0 + leak.upperMBPerMin() / 60 * (t1 - t0)),
                leak.decision().name(), called, called == null ? null : round(line.mbAt(start + called * 1000)));
    }

    /** Intended and started arrivals per second, every population summed. */
    private static Arrivals arrivals(Map<String, List<double[]>> byPopulation) {
        TreeMap<Integer, double[]> perSecond = new TreeMap<>();
        if (byPopulation != null) {
            byPopulation.values().forEach(series -> {
                for (int second = 0; second < series.size(); second++) {
                    double[] sum = perSecond.computeIfAbsent(second, k -> new double[2]);
                    sum[0] += series.get(second)[0];
                    sum[1] += series.get(second)[1];
                }
            });
        }
        List<Double> t = new ArrayList<>();
        List<Double> intended = new ArrayList<>();
        List<Double> started = new ArrayList<>();
        perSecond.forEach((second, s) -> {
            t.add((double) second);
            intended.add(round(s[0]));
            started.add(s[1]);
        });
        return new Arrivals(t, intended, started);
    }

    private static List<Map<String, Object>> canary(Summary summary) {
        if (summary.canary() == null) {
            return List.of();
        }
        return summary.canary().findings().stream().map(f -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("finding", f.name());
            row.put("verdict", f.verdict().name());
            row.put("reason", f.reason());
            return row;
        }).toList();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
