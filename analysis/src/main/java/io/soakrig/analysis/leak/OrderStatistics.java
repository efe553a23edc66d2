package io.soakrig.analysis.leak;

import java.util.Arrays;

/**
 * The values a few ranks of an array would hold once sorted, without sorting it: Theil–Sen needs
 * only the median and the two interval bounds of its n(n−1)/2 pairwise slopes, and over a
 * day-long series sorting every look's slopes was the largest part of judging a run's memory.
 *
 * <p>A multi-rank quickselect with three-way partitioning in {@link Double#compare}'s total order,
 * the order {@link Arrays#sort(double[])} sorts in ({@code -0.0} before {@code 0.0}, NaN last):
 * each rank gets exactly the value the sorted array holds there, bit for bit. Expected linear
 * time; past a recursion depth of twice the array's binary logarithm a part is sorted instead,
 * so no input makes it quadratic.
 */
final class OrderStatistics {
    /** Below this size a part is sorted: cheaper than partitioning it further. */
    private static final int SORT_BELOW = 48;

    private OrderStatistics() {
    }

    /**
     * The values {@code values} would hold at each of {@code ranks} (0-based, ascending, each in
     * range) once sorted. Reorders {@code values} so that each rank's position holds its value,
     * with no greater value before it and no smaller one after it.
     */
    static double[] select(double[] values, int... ranks) {
        return selectWithin(values, 0, values.length - 1, ranks);
    }

    /**
     * As {@link #select(double[], int...)} within {@code values[from..to]}, ranks counted from the
     * array's start: after a select, the part before a selected rank holds exactly the values
     * ranked below it, so a lower rank can be selected there alone.
     */
    static double[] selectWithin(double[] values, int from, int to, int... ranks) {
        for (int r = 0; r < ranks.length; r++) {
            if (ranks[r] < from || ranks[r] > to || to >= values.length || r > 0 && ranks[r] < ranks[r - 1]) {
                throw new IllegalArgumentException("ranks must ascend within " + from + ".." + to + ": " + Arrays.toString(ranks));
            }
        }
        double[] selected = new double[ranks.length];
        int depth = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from + 1)));
        select(values, from, to, ranks, 0, ranks.length - 1, selected, depth);
        return selected;
    }

    /** Places ranks {@code ranks[rFrom..rTo]}, all within {@code [from, to]}. */
    private static void select(double[] a, int from, int to, int[] ranks, int rFrom, int rTo, double[] selected, int depth) {
        while (rFrom <= rTo) {
            if (to - from < SORT_BELOW || depth-- == 0) {
                Arrays.sort(a, from, to + 1);
                for (int r = rFrom; r <= rTo; r++) {
                    selected[r] = a[ranks[r]];
                }
                return;
            }
            double pivot = medianOfThree(a[from], a[from + (to - from) / 2], a[to]);
            int lt = from;
            int gt = to;
            int i = from;
            while (i <= gt) {
                int c = Double.compare(a[i], pivot);
                if (c < 0) {
                    swap(a, lt++, i++);
                } else if (c > 0) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            // [from, lt) below the pivot, [lt, gt] equal to it, (gt, to] above it
            int firstEqual = rFrom;
            while (firstEqual <= rTo && ranks[firstEqual] < lt) {
                firstEqual++;
            }
            int firstAbove = firstEqual;
            while (firstAbove <= rTo && ranks[firstAbove] <= gt) {
                selected[firstAbove++] = pivot;
            }
            if (firstEqual > rFrom) {
                select(a, from, lt - 1, ranks, rFrom, firstEqual - 1, selected, depth);
            }
            from = gt + 1;
            rFrom = firstAbove;
        }
    }

    private static double medianOfThree(double a, double b, double c) {
        if (Double.compare(a, b) > 0) {
            double t = a;
            a = b;
            b = t;
        }
        return Double.compare(b, c) <= 0 ? b : Double.compare(a, c) >= 0 ? a : c;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
