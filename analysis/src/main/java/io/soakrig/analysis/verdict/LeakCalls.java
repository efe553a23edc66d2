package io.soakrig.analysis.verdict;

import io.soakrig.contract.InstanceLabel;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.leak.MemoryFloor;
import io.soakrig.contract.memory.MemorySample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The leak detector's calls on a run's memory samples — per target, and on a canary's growth over
 * its baseline — and the lines they fitted. The verdict judges these calls, the report draws these
 * lines, and the harness makes the same calls while a run is going, to stop it once a gated leak
 * is certain.
 */
public final class LeakCalls {
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /**
     * A fitted growth line of one target, as drawn: the leak call's Theil–Sen slope through the
     * observations it judged, its intercept the median of {@code mb − slope·t} over them.
     *
     * @param originMillis   epoch millis of the target's first sample, where {@code t} is 0
     * @param mbAtOrigin     the line's value there, MiB
     * @param slopeMBPerMin  the call's slope, MiB per minute
     */
    public record TrendLine(long originMillis, double mbAtOrigin, double slopeMBPerMin) {
        /** The line's value at {@code epochMillis}, MiB. */
        public double mbAt(double epochMillis) {
            return mbAtOrigin + slopeMBPerMin / 60_000 * (epochMillis - originMillis);
        }
    }

    private LeakCalls() {
    }

    /**
     * The leak detector's call on every sampled target; the harness also calls this while a run
     * is going, to stop it once a gated leak is certain.
     *
     * @param looks {@link LeakDetector.Look#FINAL_AT_END} for the verdict on a run that has ended,
     *              {@link LeakDetector.Look#SCHEDULED_ONLY} while it goes (see {@link LeakDetector.Look})
     */
    public static Map<String, Summary.Leak> of(List<MemorySample> samples, Map<String, Double> limitsMB,
                                                      LeakDetector.Config config, LeakDetector.Look looks) {
        LeakDetector detector = new LeakDetector(config);
        Map<String, Summary.Leak> leaks = new TreeMap<>();
        byTarget(samples).forEach((target, all) -> {
            long t0 = all.get(0).epochMillis();
            List<MemorySample> series = observations(all);
            double[] seconds = series.stream().mapToDouble(s -> (s.epochMillis() - t0) / 1000.0).toArray();
            double[] mb = series.stream().mapToDouble(s -> s.gcAwareBytes() / BYTES_PER_MB).toArray();
            LeakDetector.Assessment a = detector.judge(seconds, mb, looks);
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
     *
     * @param looks as for {@link #of}: the end of a run's last look only at its real end
     */
    public static Summary.Leak excessGrowth(List<MemorySample> samples, CanaryJudge.Config canary, LeakDetector.Config config,
                                            LeakDetector.Look looks) {
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
        return leak(new LeakDetector(config).judgeFloors(joint, end, false, looks), null, config);
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
        return samples.stream().filter(s -> s.target().equals(target) || s.target().equals(InstanceLabel.numbered(target, 0).toString())).toList();
    }

    /**
     * The readings of one series that are observations. A gauge updated only at collections
     * repeats its figure between them, and a repeat is the same observation counted again: it
     * would add flat stretches that hide growth, and ties and a false count of independent points
     * to the trend test. Where the source counts collections (a stub's heap after GC), a reading
     * with the same count as the one before is a repeat; where it does not (a Prometheus gauge
     * such as {@code jvm_gc_live_data_size_bytes}, RSS), a reading of exactly the figure before
     * is. Figures that change at every reading (used heap) lose nothing. A reading taken no later
     * than the last one kept is no observation either: run directories written before the
     * harness stamped samples from a monotonic clock carry wall-clock stamps, and a clock stepped
     * back there (an NTP correction in a night's soak) would otherwise send time backwards inside
     * the series the trend is fitted to.
     */
    public static List<MemorySample> observations(List<MemorySample> series) {
        List<MemorySample> kept = new ArrayList<>();
        MemorySample last = null;
        for (MemorySample s : series) {
            if (!repeats(s, last) && (kept.isEmpty() || s.epochMillis() > kept.get(kept.size() - 1).epochMillis())) {
                kept.add(s);
            }
            last = s;
        }
        return kept;
    }

    /**
     * Whether {@code s} repeats the reading before it, {@code last} (null for a series' first),
     * by the rule of {@link #observations}: what is kept of a series is decided one reading at a
     * time, so a live judge can keep only the observations as they come.
     */
    public static boolean repeats(MemorySample s, MemorySample last) {
        if (last == null) {
            return false;
        }
        boolean counted = s.gcAwareSignal() == MemorySample.Signal.HEAP_AFTER_GC && s.gcCount() >= 0;
        return counted ? s.gcCount() == last.gcCount() : s.gcCount() < 0 && s.gcAwareBytes() == last.gcAwareBytes();
    }

    private static Summary.Leak leak(LeakDetector.Assessment a, Double projected, LeakDetector.Config config) {
        String floor = a.floor().name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (a.trend() == null) {
            return new Summary.Leak(a.decision(), null, null, null, null, null, floor, round(a.cycleSeconds()), null);
        }
        Double more = a.moreSecondsNeeded(config.minLeakMBPerMin());
        return new Summary.Leak(a.decision(), finite(a.trend().slope()), finite(a.trend().lower()),
                finite(a.trend().upper()), a.decision() == LeakDetector.Decision.UNDECIDED ? null : round(a.atSeconds()),
                projected == null ? null : round(projected), floor, round(a.cycleSeconds()), more == null ? null : round(more));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    /** The line of every target whose call has a slope, through the observations it judged. */
    public static Map<String, TrendLine> lines(List<MemorySample> samples, Map<String, Summary.Leak> leaks) {
        Map<String, TrendLine> lines = new TreeMap<>();
        byTarget(samples).forEach((target, all) -> {
            Summary.Leak leak = leaks.get(target);
            if (leak == null || leak.slopeMBPerMin() == null) {
                return;
            }
            long t0 = all.get(0).epochMillis();
            double perMilli = leak.slopeMBPerMin() / 60_000;
            double[] residuals = observations(all).stream()
                    .mapToDouble(s -> s.gcAwareBytes() / BYTES_PER_MB - perMilli * (s.epochMillis() - t0)).sorted().toArray();
            lines.put(target, new TrendLine(t0, residuals[residuals.length / 2], leak.slopeMBPerMin()));
        });
        return lines;
    }

    static Map<String, List<MemorySample>> byTarget(List<MemorySample> samples) {
        return samples.stream().collect(Collectors.groupingBy(MemorySample::target, TreeMap::new, Collectors.toList()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
