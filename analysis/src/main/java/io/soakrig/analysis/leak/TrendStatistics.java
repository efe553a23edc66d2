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
 *
 * <p>That variance assumes independent points. Memory floors are not: a floor that is high
 * because a collection left more behind tends to be followed by another high one, and positively
 * autocorrelated points make S vary more than the formula says, so intervals come out too narrow
 * and "no trend" is rejected too often. The variance is therefore multiplied by the variance
 * correction of Yue and Wang (S. Yue, C. Y. Wang, "The Mann-Kendall test modified by effective
 * sample size to detect trend in serially correlated hydrological series", Water Resources
 * Management 18, 2004, pp. 201–218): n/n* = 1 + 2·Σ(1 − k/n)·ρ^k over lags k, with ρ the lag-one
 * autocorrelation of the detrended series, taken here on its ranks so that one outlying floor
 * cannot set it. One estimated coefficient keeps the correction stable on the few dozen points a
 * look has (Hamed and Rao's all-lags form, tried first, swung by a factor of two on white noise);
 * it is applied when ρ is positive at 5 % significance and never shrinks the variance. The caller
 * asks for it (one target's floors); a canary's excess over its baseline is judged without it,
 * since once both arms plateau that difference is a flat run of repeated steps whose ρ near 1
 * would leave no interval at all.
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
        return of(xs, ys, confidence, false);
    }

    /**
     * As {@link #of(double[], double[], double)}, with the variance widened for serial correlation
     * when {@code serial} is set.
     */
    public static Trend of(double[] xs, double[] ys, double confidence, boolean serial) {
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
        // the sorted slopes' values at the median and, below, the interval's ranks, without sorting them all
        int m = slopes.length;
        double[] middle = OrderStatistics.select(slopes, (m - 1) / 2, m / 2);
        double slope = m % 2 == 1 ? middle[1] : (middle[0] + middle[1]) / 2;
        double variance = kendallVariance(ys) * (serial ? autocorrelationFactor(xs, ys, slope) : 1);
        double sd = Math.sqrt(variance);
        double z = sd == 0 ? 0 : (s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0);
        double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double c = zAlpha * sd;
        int lowerRank = (int) Math.floor((m - c) / 2);
        int upperRank = (int) Math.ceil((m + c) / 2) + 1;
        // with too few points for the confidence asked, the interval is unbounded on that side
        double lower = lowerRank < 1 ? Double.NEGATIVE_INFINITY : rankBelowMedian(slopes, Math.min(m - 1, lowerRank - 1));
        double upper = upperRank > m ? Double.POSITIVE_INFINITY : rankAboveMedian(slopes, Math.max(0, upperRank - 1));
        return new Trend(slope, lower, upper, z, 1 - STANDARD_NORMAL.cumulativeProbability(z), n);
    }

    /**
     * The sorted value at {@code rank} of slopes already selected around their median: a rank at or
     * below the median's lower rank lies among the values before it.
     */
    private static double rankBelowMedian(double[] slopes, int rank) {
        int median = (slopes.length - 1) / 2;
        return rank >= median ? sortedAt(slopes, rank) : OrderStatistics.selectWithin(slopes, 0, median, rank)[0];
    }

    /** As {@link #rankBelowMedian}, for a rank at or above the median's upper rank. */
    private static double rankAboveMedian(double[] slopes, int rank) {
        int median = slopes.length / 2;
        return rank <= median ? sortedAt(slopes, rank) : OrderStatistics.selectWithin(slopes, median, slopes.length - 1, rank)[0];
    }

    private static double sortedAt(double[] slopes, int rank) {
        return OrderStatistics.select(slopes, rank)[0];
    }

    /**
     * Yue and Wang's n/n* for the series detrended by {@code slope}, from the lag-one
     * autocorrelation ρ of the residuals' ranks: 1 + 2·Σ_{k=1}^{n−1} (1 − k/n)·ρ^k when
     * ρ > 1.645/√n (positive at 5 %), otherwise 1.
     */
    static double autocorrelationFactor(double[] xs, double[] ys, double slope) {
        int n = xs.length;
        if (n < 4) {
            return 1;
        }
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = ys[i] - slope * xs[i];
        }
        double[] ranks = ranks(residuals);
        double mean = (n + 1) / 2.0;
        double denominator = 0;
        double numerator = 0;
        for (int i = 0; i < n; i++) {
            denominator += (ranks[i] - mean) * (ranks[i] - mean);
            if (i + 1 < n) {
                numerator += (ranks[i] - mean) * (ranks[i + 1] - mean);
            }
        }
        double rho = denominator == 0 ? 0 : numerator / denominator;
        if (!(rho > 1.645 / Math.sqrt(n))) {
            return 1;
        }
        double sum = 0;
        double power = 1;
        for (int k = 1; k < n; k++) {
            power *= rho;
            sum += (1 - (double) k / n) * power;
        }
        return 1 + 2 * sum;
    }

    /** Ranks 1..n, ties given their average rank. */
    private static double[] ranks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return ranks;
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

    /** The median of values sorted ascending; 0 for no values. */
    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }
}
