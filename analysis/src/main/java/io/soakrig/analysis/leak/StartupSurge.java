package io.soakrig.analysis.leak;

import java.util.List;

/**
 * Where a series' start-up surge ends: the first floor points of a service that is still
 * touching its heap, loading classes and sizing its pools, which a fixed warm-up does not always
 * cover (a JVM's RSS keeps climbing for 30–40 s after its first requests, at ten times the rate
 * of a leak). Left in, such a surge is the older half's growth: no later growth is "sustained"
 * beside it, so a leak that follows it could not be called until the surge left the window.
 *
 * <p>The cut is chosen from the data with the Marginal Standard Error Rule (K. P. White Jr., "An
 * effective truncation heuristic for bias reduction in simulation output", Simulation 69(6),
 * 1997, pp. 323–334), applied to the series' increments: of the cuts {@code d ≤ n/2}, the one
 * minimising {@code Σ(r_i − r̄_d)² / (n − d)²} over the rates {@code r_i} of the increments
 * left. MSER finds where the increments settle, which a cache filling up or a noisy series
 * offers too; only a surge is cut: the stretch before the cut must have grown at least
 * {@link #SURGE} times as fast as everything after it, and its increments' mean rate must stand
 * {@link #SURGE_Z} standard errors above the rest's. A decelerating fill (a Redis's sessions,
 * 70 then 60 MB/min) or an after-GC series whose noise MSER would cut at random is left whole.
 */
final class StartupSurge {
    /** The stretch cut grew at least this many times as fast as the rest. */
    static final double SURGE = 3;
    /**
     * ... and its increments' mean rate exceeds the rest's by this many standard errors of the
     * difference: a noisy series' first few increments, which MSER may cut, are no surge.
     */
    static final double SURGE_Z = 3;

    private StartupSurge() {
    }

    /** Index of the first point after the start-up surge of {@code points} (time, value); 0 if none. */
    static int end(List<double[]> points) {
        int n = points.size() - 1;
        if (n < 2) {
            return 0;
        }
        double[] rateSums = new double[n + 1];
        double[] squareSums = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            double rate = (points.get(i + 1)[1] - points.get(i)[1]) / (points.get(i + 1)[0] - points.get(i)[0]);
            rateSums[i] = rateSums[i + 1] + rate;
            squareSums[i] = squareSums[i + 1] + rate * rate;
        }
        int cut = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int d = 0; d <= n / 2; d++) {
            double left = n - d;
            double mser = (squareSums[d] - rateSums[d] * rateSums[d] / left) / (left * left);
            if (mser < best) {
                best = mser;
                cut = d;
            }
        }
        if (cut == 0) {
            return 0;
        }
        double left = n - cut;
        double restMean = rateSums[cut] / left;
        double restDeviation = Math.sqrt(Math.max(0, squareSums[cut] / left - restMean * restMean));
        double cutMean = (rateSums[0] - rateSums[cut]) / cut;
        boolean beyondNoise = cutMean - restMean > SURGE_Z * restDeviation * Math.sqrt(1.0 / cut + 1.0 / left);
        boolean surge = growth(points, 0, cut) > 0 && growth(points, 0, cut) >= SURGE * Math.max(0, growth(points, cut, n));
        return beyondNoise && surge ? cut : 0;
    }

    private static double growth(List<double[]> points, int from, int to) {
        return (points.get(to)[1] - points.get(from)[1]) / (points.get(to)[0] - points.get(from)[0]);
    }
}
