package io.soakrig.analysis.leak;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Robust trend statistics of a time series, as pure functions.
 *
 * <p>The Theil–Sen slope is the median of the slopes between every pair of points: unlike least
 * squares, a few outliers (a GC step, a scrape during a pause) cannot move it. Its confidence
 * interval is Sen's, built from the variance of the Mann–Kendall statistic S, which is also the
 * trend test: S counts concordant minus discordant pairs and, without trend, is approximately
 * normal with mean 0 and variance n(n−1)(2n+5)/18 (ties corrected).
 */
public final class TrendStatistics {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private TrendStatistics() {
    }

    /**
     * The trend of one series.
     *
     * @param slope      Theil–Sen slope, y units per x unit
     * @param lower      lower bound of the slope's two-sided confidence interval
     * @param upper      upper bound of the slope's two-sided confidence interval
     * @param z          Mann–Kendall z score (continuity-corrected)
     * @param pIncrease  one-sided p-value of "no trend" against "increasing"
     * @param n          points used
     */
    public record Trend(double slope, double lower, double upper, double z, double pIncrease, int n) {
    }

    /**
     * Computes the trend of {@code (xs[i], ys[i])}; x values must be strictly increasing.
     *
     * @param confidence two-sided confidence of the interval, in (0, 1), e.g. 0.95
     * @throws IllegalArgumentException with fewer than 3 points or unsorted x
     */
    public static Trend of(double[] xs, double[] ys, double confidence) {
        int n = xs.length;
        if (n != ys.length || n < 3) {
            throw new IllegalArgumentException("need at least 3 points of x and y, got " + n + " and " + ys.length);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (xs[j] <= xs[i]) {
                    throw new IllegalArgumentException("x must increase strictly (index " + j + ")");
                }
                slopes[k++] = (ys[j] - ys[i]) / (xs[j] - xs[i]);
                s += Double.compare(ys[j], ys[i]);
            }
        }
        Arrays.sort(slopes);
        double variance = kendallVariance(ys);
        double sd = Math.sqrt(variance);
        double z = sd == 0 ? 0 : (s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0);
        double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double c = zAlpha * sd;
        int m = slopes.length;
        int lowerRank = (int) Math.floor((m - c) / 2);
        int upperRank = (int) Math.ceil((m + c) / 2) + 1;
        // with too few points for the confidence asked, the interval is unbounded on that side
        double lower = lowerRank < 1 ? Double.NEGATIVE_INFINITY : slopes[Math.min(m - 1, lowerRank - 1)];
        double upper = upperRank > m ? Double.POSITIVE_INFINITY : slopes[Math.max(0, upperRank - 1)];
        return new Trend(median(slopes), lower, upper, z, 1 - STANDARD_NORMAL.cumulativeProbability(z), n);
    }

    /** Variance of the Mann–Kendall S under no trend, corrected for tied y values. */
    static double kendallVariance(double[] ys) {
        int n = ys.length;
        double[] sorted = ys.clone();
        Arrays.sort(sorted);
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            int t = j - i;
            ties += t * (t - 1.0) * (2.0 * t + 5);
            i = j;
        }
        return (n * (n - 1.0) * (2.0 * n + 5) - ties) / 18.0;
    }

    static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }
}
