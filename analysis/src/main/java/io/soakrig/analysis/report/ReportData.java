package io.soakrig.analysis.report;

import io.soakrig.analysis.experiment.ExperimentCells;
import io.soakrig.contract.InstanceLabel;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.latency.LatencyLogIntervals;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.Summary;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The figures of {@code report.html}, read from a run directory: what {@code report.js} draws.
 * Times are seconds since the run's first recorded moment; latencies are milliseconds; memory is
 * MiB. Every series is as recorded, one point per interval or sample — the browser thins long
 * series for drawing (Chart.js' LTTB decimation), the data stays whole.
 */
record ReportData(String profile, String verdict, String headline, List<String> reasons,
                  Map<String, Series> latency, Map<String, Spectrum> spectrum, Map<String, Memory> memory,
                  Arrivals arrivals, Map<String, Double> amplification, List<Event> events,
                  List<Map<String, Object>> canary, List<Map<String, Object>> experiment) {
    private static final double NANOS_PER_MS = 1e6;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /** p50 and p99 per interval. */
    record Series(List<Double> t, List<Double> p50, List<Double> p99) {
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
    }

    /**
     * The Theil–Sen line (its intercept the median of y − slope·x), drawn from the first to the last
     * sample, with the slope interval's lines from the same start, and where the call was made.
     */
    record Fit(double slope, double t0, double t1, double mb0, double mb1, Double lowerMb1, Double upperMb1,
               String decision, Double calledAt, Double calledMb) {
    }

    record Arrivals(List<Double> t, List<Double> intended, List<Double> started) {
    }

    record Event(double t, String lane, String type) {
    }

    static ReportData of(Path runDir, Summary summary) throws IOException {
        List<MemorySample> samples = MemorySampleLog.read(runDir.resolve(RunAnalyzer.MEMORY_SAMPLES));
        List<RunEvent> events = RunEventLog.read(RunLayout.of(runDir).events());
        Succeeded latency = succeeded(runDir.resolve(RunAnalyzer.LATENCY_LOG));
        long start = start(latency.startMillis(), samples, events);
        return new ReportData(summary.profile(), summary.verdict().name(), headline(summary), summary.reasons(),
                latency.overTime(start), spectrum(latency.totals()), memory(samples, summary, start), arrivals(runDir),
                summary.amplification() == null ? Map.of() : summary.amplification().perLayer(),
                events.stream().map(e -> new Event((e.epochMillis() - start) / 1000.0, InstanceLabel.numbered(e.target(), e.instance()).toString(), e.type().name())).toList(),
                canary(summary), experiment(summary));
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

    /**
     * The successful logical requests of the latency log: per endpoint, each interval's p50 and
     * p99 (at epoch millis) and the whole run's histogram. Only their lines are decoded — attempt
     * and failure tags are skipped as text, which is most of the time a long run's log takes.
     */
    private record Succeeded(Map<String, List<long[]>> intervals, Map<String, Histogram> totals, long startMillis) {
        Map<String, Series> overTime(long start) {
            Map<String, Series> series = new TreeMap<>();
            intervals.forEach((tag, points) -> series.put(tag, new Series(
                    points.stream().map(p -> (p[0] - start) / 1000.0).toList(),
                    points.stream().map(p -> round(p[1] / NANOS_PER_MS)).toList(),
                    points.stream().map(p -> round(p[2] / NANOS_PER_MS)).toList())));
            return series;
        }
    }

    private static Succeeded succeeded(Path hlog) throws IOException {
        Map<String, List<long[]>> intervals = new TreeMap<>();
        Map<String, Histogram> totals = new TreeMap<>();
        long[] start = {Long.MAX_VALUE};
        if (Files.exists(hlog)) {
            LatencyLogIntervals.forEach(successLines(hlog), h -> {
                if (h.getTotalCount() == 0) {
                    return;
                }
                String tag = h.getTag() == null ? "" : h.getTag();
                intervals.computeIfAbsent(tag, t -> new ArrayList<>())
                        .add(new long[] {h.getStartTimeStamp(), h.getValueAtPercentile(50), h.getValueAtPercentile(99)});
                totals.computeIfAbsent(tag, t -> new Histogram(3)).add(h);
                start[0] = Math.min(start[0], h.getStartTimeStamp());
            });
        }
        return new Succeeded(intervals, totals, start[0] == Long.MAX_VALUE ? 0 : start[0]);
    }

    /** The log's header lines and the lines of successful logical requests (no attempt or failure tag). */
    private static InputStream successLines(Path hlog) throws IOException {
        StringBuilder kept = new StringBuilder();
        try (BufferedReader in = Files.newBufferedReader(hlog, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("Tag=")) {
                    int comma = line.indexOf(',');
                    String tag = comma < 0 ? "" : line.substring(4, comma);
                    if (LatencyTag.kindOf(tag) != LatencyTag.Kind.OK) {
                        continue;
                    }
                }
                kept.append(line).append('\n');
            }
        }
        return new ByteArrayInputStream(kept.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The spectrum of all successful requests and, with several endpoints, of each one's. */
    private static Map<String, Spectrum> spectrum(Map<String, Histogram> totals) {
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

    private static Map<String, Memory> memory(List<MemorySample> samples, Summary summary, long start) {
        Map<String, List<MemorySample>> byLabel = new TreeMap<>();
        samples.stream().filter(s -> s.gcAwareBytes() >= 0).forEach(s -> byLabel.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s));
        Map<String, Memory> memory = new LinkedHashMap<>();
        byLabel.forEach((label, series) -> {
            List<Double> t = series.stream().map(s -> (s.epochMillis() - start) / 1000.0).toList();
            List<Double> mb = series.stream().map(s -> round(s.gcAwareBytes() / BYTES_PER_MB)).toList();
            Summary.Leak leak = summary.leak() == null ? null : summary.leak().get(label);
            memory.put(label, new Memory(series.get(series.size() - 1).gcAwareSignal().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    t, mb, leak == null || leak.slopeMBPerMin() == null ? null : fit(t, mb, leak)));
        });
        return memory;
    }

    private static Fit fit(List<Double> t, List<Double> mb, Summary.Leak leak) {
        double perSecond = leak.slopeMBPerMin() / 60;
        double[] residuals = new double[t.size()];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = mb.get(i) - perSecond * t.get(i);
        }
        Arrays.sort(residuals);
        double intercept = residuals[residuals.length / 2];
        double t0 = t.get(0);
        double t1 = t.get(t.size() - 1);
        double mb0 = intercept + perSecond * t0;
        Double called = leak.decidedAtSeconds() == null ? null : t0 + leak.decidedAtSeconds();
        return new Fit(leak.slopeMBPerMin(), t0, t1, round(mb0), round(intercept + perSecond * t1),
                leak.lowerMBPerMin() == null ? null : round(mb0 + leak.lowerMBPerMin() / 60 * (t1 - t0)),
                leak.upperMBPerMin() == null ? null : round(mb0 + leak.upperMBPerMin() / 60 * (t1 - t0)),
                leak.decision(), called, called == null ? null : round(intercept + perSecond * called));
    }

    /** Intended and started arrivals per second, every population summed. */
    private static Arrivals arrivals(Path runDir) throws IOException {
        Map<String, List<double[]>> byPopulation = GeneratorCheck.arrivals(runDir);
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

    private static List<Map<String, Object>> experiment(Summary summary) {
        if (summary.experiment() == null) {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExperimentCells.Cell c : summary.experiment()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cell", c.id());
            c.amplification().forEach((layer, x) -> row.put("x " + layer, x));
            row.put("goodput/s", c.goodputPerSecond());
            row.put("p99 ms", c.p99Ms());
            row.put("errors", c.errorRate());
            if (c.incident() != null) {
                row.put("OOM kills", c.incident().oomKills());
                row.put("crashes", c.incident().crashes());
                row.put("restarts", c.incident().restarts());
                row.put("shed", c.incident().shedRequests());
                row.put("available", c.incident().availability());
                row.put("recovered s", c.incident().recoveredAfterSeconds());
                row.put("peak x", c.incident().peakAmplification());
                row.put("loop", c.incident().loopBroke() ? "broke" : "looped");
            }
            rows.add(row);
        }
        return rows;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
