package io.soakrig.analysis.comparison;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How much slower one latency distribution is than another, with the Mann–Whitney (Wilcoxon
 * rank-sum) test and the Hodges–Lehmann shift estimate — the comparison Kayenta's judge makes —
 * computed exactly on HdrHistograms instead of on raw samples.
 *
 * <p>Both statistics only need, for each canary value, how many baseline values lie below, at or
 * above it. An HdrHistogram is a sorted list of (value, count) buckets, so a merge walk gives the
 * rank-sum U with ties handled by mid-ranks, and the k-th smallest of all n·m pairwise
 * differences (canary − baseline) is found by a binary search on the difference, counting pairs
 * below it in one walk. A six-hour run's hundreds of thousands of requests cost a few thousand
 * buckets, and values of the same histogram precision tie exactly where their buckets coincide.
 *
 * <p>The shift's confidence interval is the distribution-free one built from U's null
 * distribution (normal approximation, tie-corrected variance): the differences of rank
 * {@code nm/2 ∓ z·σ}.
 */
public final class LatencyShift {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /**
     * @param baselineCount  values in the baseline
     * @param canaryCount    values in the canary
     * @param pCanarySlower  one-sided p-value of "same distribution" against "canary stochastically larger"
     * @param shift          Hodges–Lehmann estimate of canary − baseline, in the histograms' unit
     * @param lower          lower bound of the shift's two-sided confidence interval
     * @param upper          upper bound of that interval
     * @param baselineMedian the baseline's median, same unit
     */
    public record Result(long baselineCount, long canaryCount, double pCanarySlower, double shift, double lower,
                         double upper, double baselineMedian) {
    }

    private record Bucket(long value, long count) {
    }

    private LatencyShift() {
    }

    /**
     * Compares {@code canary} with {@code baseline}; both need at least one value and the same
     * precision (significant digits) for ties to be exact.
     *
     * @param confidence two-sided confidence of the shift's interval, in (0, 1)
     */
    public static Result compare(Histogram baseline, Histogram canary, double confidence) {
        if (baseline.getTotalCount() == 0 || canary.getTotalCount() == 0) {
            throw new IllegalArgumentException("both distributions need values: baseline "
                    + baseline.getTotalCount() + ", canary " + canary.getTotalCount());
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        List<Bucket> b = buckets(baseline);
        List<Bucket> c = buckets(canary);
        double n = baseline.getTotalCount();
        double m = canary.getTotalCount();
        double pairs = n * m;

        double u = 0;
        double ties = 0;
        long below = 0;
        int i = 0;
        for (Bucket cb : c) {
            while (i < b.size() && b.get(i).value() < cb.value()) {
                below += b.get(i).count();
                i++;
            }
            long equal = i < b.size() && b.get(i).value() == cb.value() ? b.get(i).count() : 0;
            u += cb.count() * (below + equal / 2.0);
        }
        for (long t : tieGroups(b, c)) {
            ties += (double) t * t * t - t;
        }
        double total = n + m;
        double variance = pairs / 12 * ((total + 1) - ties / (total * (total - 1)));
        double sd = Math.sqrt(Math.max(variance, 0));
        double z = sd == 0 ? 0 : (u - pairs / 2) / sd;
        double p = sd == 0 ? 0.5 : 1 - STANDARD_NORMAL.cumulativeProbability(z);

        long pairCount = baseline.getTotalCount() * canary.getTotalCount();
        double shift = kthDifference(b, c, (pairCount + 1) / 2);
        double zc = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        long k = Math.max(1, (long) Math.floor(pairs / 2 - zc * sd));
        double lower = kthDifference(b, c, Math.min(k, pairCount));
        double upper = kthDifference(b, c, Math.max(1, pairCount - k + 1));
        return new Result(baseline.getTotalCount(), canary.getTotalCount(), p, shift, lower, upper,
                baseline.getValueAtPercentile(50));
    }

    /**
     * The k-th smallest (1-based) of the differences canary − baseline over all pairs: the smallest
     * d with at least k pairs at or below it. Values are integers, so d is found exactly.
     */
    private static long kthDifference(List<Bucket> b, List<Bucket> c, long k) {
        long baselineTotal = b.stream().mapToLong(Bucket::count).sum();
        long lo = c.get(0).value() - b.get(b.size() - 1).value();
        long hi = c.get(c.size() - 1).value() - b.get(0).value();
        while (lo < hi) {
            long mid = Math.floorDiv(lo + hi, 2);
            if (pairsAtOrBelow(b, baselineTotal, c, mid) >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Pairs with canary − baseline ≤ d, i.e. baseline ≥ canary − d: one walk, the threshold only rises. */
    private static long pairsAtOrBelow(List<Bucket> b, long baselineTotal, List<Bucket> c, long d) {
        long belowThreshold = 0;
        long count = 0;
        int i = 0;
        for (Bucket cb : c) {
            long threshold = cb.value() - d;
            while (i < b.size() && b.get(i).value() < threshold) {
                belowThreshold += b.get(i).count();
                i++;
            }
            count += cb.count() * (baselineTotal - belowThreshold);
        }
        return count;
    }

    /** Sizes of the groups of equal values across both samples. */
    private static List<Long> tieGroups(List<Bucket> b, List<Bucket> c) {
        List<Long> groups = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < b.size() || j < c.size()) {
            long v = Math.min(i < b.size() ? b.get(i).value() : Long.MAX_VALUE, j < c.size() ? c.get(j).value() : Long.MAX_VALUE);
            long t = 0;
            if (i < b.size() && b.get(i).value() == v) {
                t += b.get(i++).count();
            }
            if (j < c.size() && c.get(j).value() == v) {
                t += c.get(j++).count();
            }
            groups.add(t);
        }
        return groups;
    }

    /** The histogram's buckets in ascending order, each at its highest equivalent value. */
    private static List<Bucket> buckets(Histogram h) {
        List<Bucket> buckets = new ArrayList<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            buckets.add(new Bucket(v.getValueIteratedTo(), v.getCountAddedInThisIterationStep()));
        }
        return buckets;
    }
}
