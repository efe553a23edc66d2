package io.soakrig.analysis.leak;

import io.soakrig.analysis.leak.TrendStatistics.Trend;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The trend of a series read from its increments: the drift of a random walk, with an interval
 * that holds when the increments are serially correlated.
 *
 * <p>{@link TrendStatistics} reads a series as a line plus stationary noise. Some memory signals
 * are not that: RSS and other committed-memory figures only ever step up as pages are touched,
 * so around any line their residuals wander like a random walk (a staircase of page commits, a
 * slow curve), their lag-one autocorrelation is near 1, and the effective-sample-size correction
 * there leaves no interval at all. Such a series is a walk with drift: its increments are
 * stationary even though its residuals are not. The drift is the total rise over the time
 * covered, {@code b = Σ Δy / Σ Δx}, and its variance is the long-run variance of the increments'
 * deviations {@code e_i = Δy_i − b·Δx_i} over {@code (Σ Δx)²}, estimated with Newey and West's
 * Bartlett-weighted sum of autocovariances (W. K. Newey, K. D. West, "A simple, positive
 * semi-definite, heteroskedasticity and autocorrelation consistent covariance matrix",
 * Econometrica 55(3), 1987, pp. 703–708). Its bandwidth is chosen from the data by Andrews's AR(1)
 * plug-in rule for the Bartlett kernel, {@code S = 1.1447·(α̂·n)^{1/3}} with
 * {@code α̂ = 4ρ²/((1−ρ)²(1+ρ)²)} and ρ the increments' lag-one autocorrelation (D. W. K. Andrews,
 * "Heteroskedasticity and autocorrelation consistent covariance matrix estimation",
 * Econometrica 59(3), 1991, pp. 817–858).
 *
 * <p>Read this way, a series that is in fact a line plus noise gets a wider interval than its
 * Theil–Sen one (differencing doubles the noise, and the Bartlett sum over-estimates the variance
 * of over-differenced noise), so {@link LeakDetector} bounds a half's growth from above by the
 * lower of the two upper bounds: the noisy after-GC floors keep Sen's, the staircases and curves
 * of RSS get this one, and a steady RSS can be decided NO_LEAK. It is not used to call a LEAK:
 * on an old generation still filling a cache at 4 MB/min for minutes, its tight lower bounds
 * call the plateau a leak, which Sen's wider ones do not.
 */
final class IncrementDrift {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private IncrementDrift() {
    }

    /**
     * The drift of {@code (xs[i], ys[i])} in y units per x unit, with its two-sided interval at
     * {@code confidence}; x must increase strictly and there must be at least 3 points.
     */
    static Trend of(double[] xs, double[] ys, double confidence) {
        int n = xs.length - 1;
        if (n < 2 || ys.length != xs.length) {
            throw new IllegalArgumentException("need at least 3 points of x and y, got " + xs.length + " and " + ys.length);
        }
        double span = xs[n] - xs[0];
        double drift = (ys[n] - ys[0]) / span;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            double dx = xs[i + 1] - xs[i];
            if (!(dx > 0)) {
                throw new IllegalArgumentException("x must increase strictly (index " + (i + 1) + ")");
            }
            e[i] = ys[i + 1] - ys[i] - drift * dx;
        }
        double sd = Math.sqrt(longRunVariance(e)) / span;
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double score = sd == 0 ? 0 : drift / sd;
        return new Trend(drift, drift - z * sd, drift + z * sd, score, 1 - STANDARD_NORMAL.cumulativeProbability(score), xs.length);
    }

    /**
     * n times the long-run variance of mean-zero {@code e}: Σ e_i² plus twice the Bartlett-weighted
     * sums of products at each lag, up to Andrews's bandwidth.
     */
    static double longRunVariance(double[] e) {
        int n = e.length;
        double gamma0 = autocovarianceSum(e, 0);
        if (gamma0 == 0) {
            return 0;
        }
        double gamma1 = autocovarianceSum(e, 1);
        double rho = Math.max(-0.97, Math.min(0.97, gamma1 / gamma0));
        double alpha = 4 * rho * rho / ((1 - rho) * (1 - rho) * (1 + rho) * (1 + rho));
        double bandwidth = Math.min(n - 1, 1.1447 * Math.cbrt(alpha * n));
        double sum = gamma0;
        for (int lag = 1; lag < n && lag < bandwidth; lag++) {
            sum += 2 * (1 - lag / bandwidth) * (lag == 1 ? gamma1 : autocovarianceSum(e, lag));
        }
        return Math.max(0, sum);
    }

    /** Σ e_i·e_{i−lag}: only the lags under the bandwidth are summed, so a look costs O(n·bandwidth). */
    private static double autocovarianceSum(double[] e, int lag) {
        double sum = 0;
        for (int i = lag; i < e.length; i++) {
            sum += e[i] * e[i - lag];
        }
        return sum;
    }
}
