package io.soakrig.analysis.leak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The floor a memory signal returns to, found from the series itself: what a leak raises and
 * garbage does not.
 *
 * <p>Most services export memory in use at the moment of the scrape (a JVM's used heap, Go's or
 * Node's heap, RSS, a cgroup's usage, Redis {@code used_memory}). Between collections such a
 * figure climbs with garbage and falls at each collection: a sawtooth whose swing can be ten times
 * a leak's growth per minute. Only the troughs right after collections say what is retained.
 * Nothing tells soakrig which collector runs or how often, so the collections are read off the
 * series: a <em>drop</em> is a fall between two readings larger than {@link #DROP_OVER_TYPICAL}
 * times the typical step (the median absolute change) and than {@link #MIN_DROP_MB}. The series
 * is a sawtooth when it has at least {@link #MIN_DROPS} drops, spaced at least
 * {@link #MIN_CYCLE_READINGS} readings apart and recurring through the whole series (not a burst
 * of falls in one place), its typical step is a rise (allocation), and its
 * drops give back at least {@link #MIN_GIVEBACK} of what a cycle's rises took — noise alone has
 * occasional large falls but no such rise between them. Then each cycle (one drop to the next)
 * contributes its lowest reading; the stretch
 * before the first drop is not a whole cycle and is left out. Otherwise — an after-GC gauge, RSS,
 * cgroup memory, or collections more frequent than the readings — each fixed window contributes
 * its lowest reading.
 */
public final class MemoryFloor {
    /** A fall counts as a collection when it is this many times the typical step. */
    static final double DROP_OVER_TYPICAL = 4;
    /** ... and at least this large, MiB: below it, a fall is noise of the figure. */
    static final double MIN_DROP_MB = 1.0;
    /** A sawtooth's mean drop is at least this share of a cycle's median rise. */
    static final double MIN_GIVEBACK = 0.5;
    /** A sawtooth's drops recur through the series: at least this share of span / cycle of them. */
    static final double MIN_RECURRENCE = 0.5;
    /** Fewest drops before the series is read as a sawtooth. */
    static final int MIN_DROPS = 3;
    /** A sawtooth's cycles must span at least this many readings, or windows see it anyway. */
    static final double MIN_CYCLE_READINGS = 2.5;

    /** How the floor was found. */
    public enum Method {
        /** One point per collection cycle detected in the series: its lowest reading. */
        CYCLE_FLOORS,
        /** One point per fixed window: its lowest reading. */
        WINDOW_MINIMA
    }

    /**
     * The floor of a series.
     *
     * @param points       (seconds, MiB) in time order: each at the time of its lowest reading
     *                     for cycle floors, at the window's end for window minima
     * @param method       how they were found
     * @param cycleSeconds the median cycle of a sawtooth, or the window, seconds
     */
    public record Floors(List<double[]> points, Method method, double cycleSeconds) {
    }

    private MemoryFloor() {
    }

    /**
     * @param seconds       reading times, increasing
     * @param mb            readings, MiB
     * @param warmUpSeconds readings before this are left out
     * @param windowSeconds the window for series that show no sawtooth, > 0
     */
    public static Floors of(double[] seconds, double[] mb, double warmUpSeconds, double windowSeconds) {
        int first = 0;
        while (first < seconds.length && seconds[first] < warmUpSeconds) {
            first++;
        }
        List<Integer> drops = drops(mb, first);
        if (drops.size() >= MIN_DROPS) {
            double cycle = TrendStatistics.median(spacings(seconds, drops));
            double reading = TrendStatistics.median(spacings(seconds, range(first, seconds.length)));
            double rise = medianStep(mb, first);
            double meanDrop = drops.stream().mapToDouble(i -> mb[i - 1] - mb[i]).average().orElse(0);
            double span = seconds[seconds.length - 1] - seconds[first];
            boolean recurring = drops.size() >= MIN_RECURRENCE * span / cycle;
            if (recurring && cycle >= MIN_CYCLE_READINGS * reading && rise > 0 && meanDrop >= MIN_GIVEBACK * rise * cycle / reading) {
                return new Floors(cycleFloors(seconds, mb, drops), Method.CYCLE_FLOORS, cycle);
            }
        }
        return new Floors(windowMinima(seconds, mb, warmUpSeconds, windowSeconds), Method.WINDOW_MINIMA, windowSeconds);
    }

    /** Indices whose reading fell from the one before by more than a drop's threshold. */
    static List<Integer> drops(double[] mb, int first) {
        List<Integer> drops = new ArrayList<>();
        if (mb.length - first < 3) {
            return drops;
        }
        double[] steps = new double[mb.length - first - 1];
        for (int i = first + 1; i < mb.length; i++) {
            steps[i - first - 1] = Math.abs(mb[i] - mb[i - 1]);
        }
        Arrays.sort(steps);
        double threshold = Math.max(MIN_DROP_MB, DROP_OVER_TYPICAL * TrendStatistics.median(steps));
        for (int i = first + 1; i < mb.length; i++) {
            if (mb[i - 1] - mb[i] > threshold) {
                drops.add(i);
            }
        }
        return drops;
    }

    /** The median change between consecutive readings from {@code first} on. */
    private static double medianStep(double[] mb, int first) {
        double[] steps = new double[Math.max(0, mb.length - first - 1)];
        for (int i = first + 1; i < mb.length; i++) {
            steps[i - first - 1] = mb[i] - mb[i - 1];
        }
        Arrays.sort(steps);
        return TrendStatistics.median(steps);
    }

    private static List<double[]> cycleFloors(double[] seconds, double[] mb, List<Integer> drops) {
        List<double[]> floors = new ArrayList<>();
        for (int d = 0; d < drops.size(); d++) {
            int from = drops.get(d);
            int to = d + 1 < drops.size() ? drops.get(d + 1) : mb.length;
            int lowest = from;
            for (int i = from + 1; i < to; i++) {
                if (mb[i] < mb[lowest]) {
                    lowest = i;
                }
            }
            floors.add(new double[] {seconds[lowest], mb[lowest]});
        }
        return floors;
    }

    /** Window minima after warm-up, as (window end seconds, minimum MiB); only complete windows. */
    static List<double[]> windowMinima(double[] seconds, double[] mb, double warmUpSeconds, double windowSeconds) {
        List<double[]> windows = new ArrayList<>();
        double end = warmUpSeconds + windowSeconds;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < seconds.length; i++) {
            if (seconds[i] < warmUpSeconds) {
                continue;
            }
            while (seconds[i] >= end) {
                if (min != Double.POSITIVE_INFINITY) {
                    windows.add(new double[] {end, min});
                }
                min = Double.POSITIVE_INFINITY;
                end += windowSeconds;
            }
            min = Math.min(min, mb[i]);
        }
        return windows;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> all = new ArrayList<>();
        for (int i = from; i < to; i++) {
            all.add(i);
        }
        return all;
    }

    private static double[] spacings(double[] seconds, List<Integer> indices) {
        double[] gaps = new double[Math.max(0, indices.size() - 1)];
        for (int i = 1; i < indices.size(); i++) {
            gaps[i - 1] = seconds[indices.get(i)] - seconds[indices.get(i - 1)];
        }
        Arrays.sort(gaps);
        return gaps;
    }
}
