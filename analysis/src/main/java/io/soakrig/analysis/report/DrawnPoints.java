package io.soakrig.analysis.report;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which points of a long series the report draws. A day at one point a second is 86,400 points a
 * line, and a browser handed every one of them spends its time building chart points no screen has
 * pixels for (a day's report took Chromium 10 s to open under load). The time axis is cut into
 * {@link #SLICES} equal slices — about one per pixel of the widest chart — and each slice keeps the
 * point holding each line's lowest and highest value, and its first missing value (a gap the line
 * must show): every peak and trough the chart could show is still drawn, where it happened, and a
 * line has at most a few thousand points. The first and last points are kept, so a line spans the
 * whole run. A series of at most twice as many points as slices is drawn whole.
 *
 * <p>Only the drawing is thinned: the verdict, the tables and every figure in {@code summary.json}
 * are computed from every interval and sample before the report is built.
 */
final class DrawnPoints {
    /** Time slices a thinned series is cut into. */
    static final int SLICES = 1_000;

    private DrawnPoints() {
    }

    /**
     * The indices to draw of points at times {@code t} (ascending), keeping in each slice the
     * lowest and highest of every one of {@code lines} (values per index, null where missing).
     */
    @SafeVarargs
    static int[] of(List<Double> t, List<Double>... lines) {
        int n = t.size();
        if (n <= 2 * SLICES) {
            return IntStream.range(0, n).toArray();
        }
        double from = t.get(0);
        double width = (t.get(n - 1) - from) / SLICES;
        BitSet kept = new BitSet(n);
        kept.set(0);
        kept.set(n - 1);
        int start = 0;
        while (start < n) {
            int slice = slice(t.get(start), from, width);
            int end = start + 1;
            while (end < n && slice(t.get(end), from, width) == slice) {
                end++;
            }
            for (List<Double> line : lines) {
                keepExtremes(line, start, end, kept);
            }
            start = end;
        }
        return kept.stream().toArray();
    }

    /** Whether drawing {@code t} would leave points out. */
    static boolean thins(List<Double> t) {
        return t.size() > 2 * SLICES;
    }

    /** {@code values} at {@code indices}, in their order. */
    static <T> List<T> at(List<T> values, int[] indices) {
        if (indices.length == values.size()) {
            return values;
        }
        List<T> picked = new ArrayList<>(indices.length);
        for (int i : indices) {
            picked.add(values.get(i));
        }
        return picked;
    }

    private static int slice(double t, double from, double width) {
        return width > 0 ? Math.min(SLICES - 1, (int) ((t - from) / width)) : 0;
    }

    private static void keepExtremes(List<Double> line, int start, int end, BitSet kept) {
        int lowest = -1;
        int highest = -1;
        int missing = -1;
        for (int i = start; i < end; i++) {
            Double v = line.get(i);
            if (v == null) {
                if (missing < 0) {
                    missing = i;
                }
            } else {
                if (lowest < 0 || v < line.get(lowest)) {
                    lowest = i;
                }
                if (highest < 0 || v > line.get(highest)) {
                    highest = i;
                }
            }
        }
        for (int i : new int[] {lowest, highest, missing}) {
            if (i >= 0) {
                kept.set(i);
            }
        }
    }
}
