package io.soakrig.analysis.verdict;

import io.soakrig.analysis.experiment.ExperimentCells;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.leak.MemoryFloor;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.memory.LinearFit;
import io.soakrig.contract.InstanceLabel;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.memory.RequestsServed;
import io.soakrig.analysis.verdict.Summary.EndpointFigures;
import io.soakrig.analysis.verdict.Summary.MemoryGrowth;
import io.soakrig.analysis.verdict.Summary.TargetFigures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a run directory's recordings into a {@link Summary}. It reads only files, so a run can be
 * re-judged at any time, including one killed half-way.
 *
 * <p>Precedence: a harness or target failure is ERROR; an interrupted run, or one whose recordings
 * were cut after it ended, is INCONCLUSIVE; a run
 * that recorded no request is ERROR (nothing was measured); otherwise every gate is checked, and
 * one failed gate makes FAIL. A gate that could not be judged (a canary comparison or a leak
 * call that cannot decide, a target whose memory was not sampled), with every other gate passed,
 * makes INCONCLUSIVE: PASS means checked, and fine.
 *
 * <p>Requests the load generator started and never recorded (still open when it stopped) are
 * errors; a completed run whose started and recorded requests cannot be reconciled at all (see
 * {@link RequestAccounting}) is at best INCONCLUSIVE: its error rate may be missing requests.
 */
public final class RunAnalyzer {
    public static final String LATENCY_LOG = RunLayout.LATENCY_LOG;
    public static final String MEMORY_SAMPLES = RunLayout.MEMORY_SAMPLES;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private RunAnalyzer() {
    }

    /**
     * @param memoryLimitsMB each target's memory limit in MiB, for the leak projection; targets
     *                       sampled per instance ({@code name#i}) use their target's limit
     */
    public static Summary analyze(Path runDir, String profile, Gates gates, RunStatus status,
                                  Map<String, Double> memoryLimitsMB) throws IOException {
        LatencyRecording latency = LatencyRecording.read(runDir.resolve(LATENCY_LOG));
        List<MemorySample> samples = MemorySampleLog.read(runDir.resolve(MEMORY_SAMPLES));
        List<RunEvent> events = RunEventLog.read(RunLayout.of(runDir).events());
        GeneratorCheck.Result generator = GeneratorCheck.read(runDir);
        List<ExperimentCells.Cell> cells = ExperimentCells.read(runDir, samples, events);

        RequestAccounting accounting = cells.isEmpty() ? RequestAccounting.read(runDir, latency) : null;
        long requests = accounting == null ? latency.requests() : accounting.requests();
        long errors = latency.errors() + (accounting == null ? 0 : accounting.unfinishedOrZero());
        Double errorRate = requests == 0 ? null : (double) errors / requests;
        Percentiles overall = Percentiles.of(latency.succeeded());
        Map<String, Summary.Leak> leaks = leakCalls(samples, memoryLimitsMB, gates.leakDetection());
        Summary.CanaryReport canary = gates.canary() == null ? null : new CanaryJudge(gates.canary())
                .judge(latency, excessGrowth(samples, gates.canary(), gates.leakDetection()), false);

        List<String> reasons = new ArrayList<>();
        List<GateResult> results = new ArrayList<>();
        if (status.state() == RunStatus.State.COMPLETED && status.reason() != null) {
            reasons.add(status.reason());
        }
        if (status.state() == RunStatus.State.COMPLETED && accounting != null && requests > 0) {
            account(accounting, reasons, results);
        }
        Verdict verdict = switch (status.state()) {
            case FAILED -> reason(reasons, Verdict.ERROR, status.reason());
            case INTERRUPTED, RUNNING, RECORDING_CUT -> reason(reasons, Verdict.INCONCLUSIVE,
                    status.reason() == null ? "run interrupted" : status.reason());
            case COMPLETED -> !cells.isEmpty()
                    ? reason(reasons, Verdict.PASS, cells.size() + " experiment cells measured (see experiment)")
                    : requests == 0
                    ? reason(reasons, Verdict.ERROR, "no request was recorded")
                    : judge(gates, overall, errorRate, leaks, canary, generator, reasons, results, lastSamples(samples), latency.endMillis());
        };
        return new Summary(profile, verdict, reasons, results, latency.spanSeconds(), requests, errors, errorRate, overall,
                endpoints(latency, accounting), memory(samples), leaks, targets(samples), supervision(events),
                canary, amplification(latency, samples), generator, cells, latency.truncated(), accounting);
    }

    /**
     * Says how many started requests never finished (they are counted as errors), and adds a gate
     * that cannot be judged when started and recorded requests do not reconcile.
     */
    private static void account(RequestAccounting accounting, List<String> reasons, List<GateResult> results) {
        if (!accounting.reconciled()) {
            results.add(new GateResult("requests accounted", GateResult.Outcome.NOT_JUDGED,
                    "requests not accounted for: " + accounting.problem()));
        } else if (accounting.unfinishedOrZero() > 0) {
            reasons.add(String.format(Locale.ROOT, "%d of %d started requests never finished (still open when the load generator stopped): "
                    + "counted as errors", accounting.unfinished(), accounting.started()));
        }
    }

    private static Verdict judge(Gates gates, Percentiles overall, double errorRate, Map<String, Summary.Leak> leaks,
                                 Summary.CanaryReport canary, GeneratorCheck.Result generator, List<String> reasons,
                                 List<GateResult> results, Map<String, Long> lastSamples, long runEndMillis) {
        boolean saturated = generator != null && generator.saturated();
        if (saturated) {
            reasons.add(String.format(Locale.ROOT, "the load generator fell behind its schedule in %d of %d seconds (up to %.1f%% behind): "
                    + "latency measured then is not the target's", generator.behindSeconds(), generator.seconds(), generator.maxBehindPercent()));
        }
        if (gates.p99LatencyMs() != null) {
            String gate = "p99 latency";
            if (saturated) {
                results.add(new GateResult(gate, GateResult.Outcome.NOT_JUDGED, "p99 latency " + fmt(overall.p99() == null ? Double.NaN : overall.p99())
                        + " ms not judged against gate " + fmt(gates.p99LatencyMs()) + " ms: the generator was saturated"));
            } else if (overall.p99() == null) {
                results.add(new GateResult(gate, GateResult.Outcome.FAILED,
                        "p99 latency: no successful request to measure, gate " + fmt(gates.p99LatencyMs()) + " ms"));
            } else {
                boolean ok = overall.p99() <= gates.p99LatencyMs();
                results.add(new GateResult(gate, ok ? GateResult.Outcome.PASSED : GateResult.Outcome.FAILED, "p99 latency "
                        + fmt(overall.p99()) + " ms " + (ok ? "within" : "exceeds") + " gate " + fmt(gates.p99LatencyMs()) + " ms"));
            }
        }
        if (gates.errorRate() != null) {
            boolean ok = errorRate <= gates.errorRate();
            results.add(new GateResult("error rate", ok ? GateResult.Outcome.PASSED : GateResult.Outcome.FAILED,
                    "error rate " + pct(errorRate) + " " + (ok ? "within" : "exceeds") + " gate " + pct(gates.errorRate())));
        }
        if (gates.noLeak()) {
            results.addAll(NoLeakGate.judge(leaks, gates.sampledTargets(), lastSamples, runEndMillis));
        }
        if (canary != null) {
            canary.findings().forEach(f -> results.add(new GateResult("canary " + f.name(),
                    f.verdict() == Verdict.PASS ? GateResult.Outcome.PASSED
                            : f.verdict() == Verdict.FAIL ? GateResult.Outcome.FAILED : GateResult.Outcome.NOT_JUDGED,
                    "canary " + f.verdict() + " " + f.reason())));
        }
        results.forEach(r -> reasons.add(r.message()));
        return results.stream().anyMatch(r -> r.outcome() == GateResult.Outcome.FAILED) ? Verdict.FAIL
                : results.stream().anyMatch(r -> r.outcome() == GateResult.Outcome.NOT_JUDGED) ? Verdict.INCONCLUSIVE
                : Verdict.PASS;
    }

    private static Verdict reason(List<String> reasons, Verdict verdict, String reason) {
        reasons.add(reason);
        return verdict;
    }

    /** Per endpoint; its unfinished requests, when known, are among its requests and errors. */
    private static Map<String, EndpointFigures> endpoints(LatencyRecording latency, RequestAccounting accounting) {
        SortedSet<String> names = new TreeSet<>(latency.endpoints());
        if (accounting != null) {
            names.addAll(accounting.unfinishedByTag().keySet());
        }
        Map<String, EndpointFigures> figures = new LinkedHashMap<>();
        for (String endpoint : names) {
            long ok = latency.tag(endpoint).getTotalCount();
            long failed = latency.tag(LatencyTag.of(endpoint, LatencyTag.Kind.FAILED).toString()).getTotalCount()
                    + (accounting == null ? 0 : accounting.unfinishedOf(endpoint));
            figures.put(endpoint, new EndpointFigures(ok + failed, failed, Percentiles.of(latency.tag(endpoint))));
        }
        return figures;
    }

    private static Map<String, MemoryGrowth> memory(List<MemorySample> samples) {
        Map<String, MemoryGrowth> growth = new TreeMap<>();
        byTarget(samples).forEach((target, series) -> {
            long t0 = series.get(0).epochMillis();
            double[] minutes = series.stream().mapToDouble(s -> (s.epochMillis() - t0) / 60_000.0).toArray();
            double[] mb = series.stream().mapToDouble(s -> s.gcAwareBytes() / BYTES_PER_MB).toArray();
            double slope = LinearFit.of(minutes, mb).slope();
            growth.put(target, new MemoryGrowth(Double.isNaN(slope) ? null : round(slope), series.size(),
                    round(mb[mb.length - 1]), series.get(series.size() - 1).gcAwareSignal()));
        });
        return growth;
    }

    /**
     * Attempts per logical request at each layer: the clients' own count, then every target's
     * count of requests it served over the run (instances summed, restarts counted from zero).
     */
    private static Summary.Amplification amplification(LatencyRecording latency, List<MemorySample> samples) {
        long logical = latency.requests();
        if (logical == 0) {
            return null;
        }
        Map<String, Double> perLayer = new LinkedHashMap<>();
        perLayer.put("client", round((double) latency.attempts() / logical));
        RequestsServed.overRun(samples).forEach((target, count) -> perLayer.put(target, round((double) count / logical)));
        long succeeded = logical - latency.errors();
        Double goodput = latency.spanSeconds() > 0 ? round(succeeded / latency.spanSeconds()) : null;
        return new Summary.Amplification(logical, latency.attempts(), goodput, perLayer);
    }

    /**
     * The leak detector's call on every sampled target; the harness also calls this while a run
     * is going, to stop it once a gated leak is certain.
     */
    public static Map<String, Summary.Leak> leakCalls(List<MemorySample> samples, Map<String, Double> limitsMB,
                                                      LeakDetector.Config config) {
        LeakDetector detector = new LeakDetector(config);
        Map<String, Summary.Leak> leaks = new TreeMap<>();
        byTarget(samples).forEach((target, all) -> {
            long t0 = all.get(0).epochMillis();
            List<MemorySample> series = observations(all);
            double[] seconds = series.stream().mapToDouble(s -> (s.epochMillis() - t0) / 1000.0).toArray();
            double[] mb = series.stream().mapToDouble(s -> s.gcAwareBytes() / BYTES_PER_MB).toArray();
            LeakDetector.Assessment a = detector.judge(seconds, mb);
            Double limit = limitsMB.getOrDefault(InstanceLabel.targetOf(target), reportedLimitMB(all));
            Double projected = a.trend() == null || limit == null ? null : a.projectedLimitAtSeconds(seconds[seconds.length - 1], mb[mb.length - 1], limit);
            leaks.put(target, leak(a, projected, config));
        });
        return leaks;
    }

    /**
     * The limit a target reports itself in its latest reading (a Redis's {@code maxmemory}), in MiB;
     * null when it reports none, or none is set (Redis's 0: unlimited). The profile's limit, where
     * it has one, comes first: it is what the target was started with.
     */
    private static Double reportedLimitMB(List<MemorySample> samples) {
        long limit = samples.get(samples.size() - 1).limitBytes();
        return limit > 0 ? limit / BYTES_PER_MB : null;
    }

    /**
     * The leak detector's call on how much faster the canary's memory grows than the baseline's:
     * at each new reading of the canary (its first instance), the canary's figure minus the
     * baseline's latest. What both arms do alike — caches filling up, pools growing to size —
     * cancels out, so only the canary's own growth is judged, and it is called sooner than in
     * the canary's series alone. Null while either arm has no reading.
     */
    public static Summary.Leak excessGrowth(List<MemorySample> samples, CanaryJudge.Config canary, LeakDetector.Config config) {
        List<MemorySample> baseline = observations(firstInstance(samples, canary.baseline()));
        List<MemorySample> canaryArm = observations(firstInstance(samples, canary.canary()));
        if (baseline.isEmpty() || canaryArm.isEmpty()) {
            return null;
        }
        long t0 = Math.min(baseline.get(0).epochMillis(), canaryArm.get(0).epochMillis());
        MemoryFloor.Floors baseFloors = floors(baseline, t0, config);
        MemoryFloor.Floors canaryFloors = floors(canaryArm, t0, config);
        List<double[]> excess = new ArrayList<>();
        for (double[] c : canaryFloors.points()) {
            Double b = interpolate(baseFloors.points(), c[0]);
            if (b != null) {
                excess.add(new double[] {c[0], c[1] - b});
            }
        }
        double end = (Math.max(baseline.get(baseline.size() - 1).epochMillis(), canaryArm.get(canaryArm.size() - 1).epochMillis()) - t0) / 1000.0;
        MemoryFloor.Floors joint = new MemoryFloor.Floors(excess, canaryFloors.method(), canaryFloors.cycleSeconds());
        return leak(new LeakDetector(config).judgeFloors(joint, end, false), null, config);
    }

    private static MemoryFloor.Floors floors(List<MemorySample> series, long t0, LeakDetector.Config config) {
        double[] seconds = series.stream().mapToDouble(s -> (s.epochMillis() - t0) / 1000.0).toArray();
        double[] mb = series.stream().mapToDouble(s -> s.gcAwareBytes() / BYTES_PER_MB).toArray();
        return MemoryFloor.of(seconds, mb, config.warmUpSeconds(), config.windowSeconds());
    }

    /**
     * The floor at {@code at}, linear between the floor points around it; the last point's value
     * after the last point (a floor holds until the next collection shows otherwise); null before
     * the first.
     */
    private static Double interpolate(List<double[]> points, double at) {
        if (points.isEmpty() || at < points.get(0)[0]) {
            return null;
        }
        for (int i = 1; i < points.size(); i++) {
            double[] b = points.get(i);
            if (at <= b[0]) {
                double[] a = points.get(i - 1);
                return a[1] + (b[1] - a[1]) * (at - a[0]) / (b[0] - a[0]);
            }
        }
        return points.get(points.size() - 1)[1];
    }

    private static List<MemorySample> firstInstance(List<MemorySample> samples, String target) {
        return samples.stream().filter(s -> s.target().equals(target) || s.target().equals(target + "#0")).toList();
    }

    /**
     * The readings of one series that are observations. A gauge updated only at collections
     * repeats its figure between them, and a repeat is the same observation counted again: it
     * would add flat stretches that hide growth, and ties and a false count of independent points
     * to the trend test. Where the source counts collections (a stub's heap after GC), a reading
     * with the same count as the one before is a repeat; where it does not (a Prometheus gauge
     * such as {@code jvm_gc_live_data_size_bytes}, RSS), a reading of exactly the figure before
     * is. Figures that change at every reading (used heap) lose nothing.
     */
    public static List<MemorySample> observations(List<MemorySample> series) {
        List<MemorySample> kept = new ArrayList<>();
        MemorySample last = null;
        for (MemorySample s : series) {
            boolean counted = s.gcAwareSignal() == MemorySample.Signal.HEAP_AFTER_GC && s.gcCount() >= 0;
            boolean repeat = last != null && (counted ? s.gcCount() == last.gcCount()
                    : s.gcCount() < 0 && s.gcAwareBytes() == last.gcAwareBytes());
            if (!repeat) {
                kept.add(s);
            }
            last = s;
        }
        return kept;
    }

    private static Summary.Leak leak(LeakDetector.Assessment a, Double projected, LeakDetector.Config config) {
        String floor = a.floor().name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (a.trend() == null) {
            return new Summary.Leak(a.decision().name(), null, null, null, null, null, floor, round(a.cycleSeconds()), null);
        }
        Double more = a.moreSecondsNeeded(config.minLeakMBPerMin());
        return new Summary.Leak(a.decision().name(), finite(a.trend().slope()), finite(a.trend().lower()),
                finite(a.trend().upper()), a.decision() == LeakDetector.Decision.UNDECIDED ? null : round(a.atSeconds()),
                projected == null ? null : round(projected), floor, round(a.cycleSeconds()), more == null ? null : round(more));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    private static Map<String, Long> lastSamples(List<MemorySample> samples) {
        Map<String, Long> last = new TreeMap<>();
        samples.forEach(s -> last.merge(s.target(), s.epochMillis(), Math::max));
        return last;
    }

    private static Map<String, TargetFigures> targets(List<MemorySample> samples) {
        Map<String, TargetFigures> targets = new TreeMap<>();
        byTarget(samples).forEach((target, series) -> {
            long served = series.get(series.size() - 1).requestsServed();
            targets.put(target, new TargetFigures(served < 0 ? null : served));
        });
        return targets;
    }

    private static Map<String, Summary.Supervision> supervision(List<RunEvent> events) {
        Map<String, Summary.Supervision> byTarget = new TreeMap<>();
        events.stream().collect(Collectors.groupingBy(RunEvent::target, TreeMap::new, Collectors.toList()))
                .forEach((target, list) -> {
                    int starts = count(list, RunEvent.Type.STARTED);
                    long instances = list.stream().filter(e -> e.type() == RunEvent.Type.STARTED).mapToInt(RunEvent::instance).distinct().count();
                    String mechanism = list.stream().filter(e -> e.type() == RunEvent.Type.STARTED)
                            .map(e -> String.valueOf(((EventDetail.Started) e.detail()).limitEnforcedBy())).reduce((a, b) -> b).orElse("none");
                    byTarget.put(target, new Summary.Supervision(starts, starts - (int) instances,
                            count(list, RunEvent.Type.OOM_KILLED), count(list, RunEvent.Type.EXITED), mechanism));
                });
        return byTarget;
    }

    private static int count(List<RunEvent> events, RunEvent.Type type) {
        return (int) events.stream().filter(e -> e.type() == type).count();
    }

    private static Map<String, List<MemorySample>> byTarget(List<MemorySample> samples) {
        return samples.stream().collect(Collectors.groupingBy(MemorySample::target, TreeMap::new, Collectors.toList()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }
}
