package io.soakrig.analysis.comparison;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The difference between two error rates (canary − baseline) with the Agresti–Caffo interval:
 * the Wald interval after adding one error and one success to each arm. Unlike the plain Wald
 * interval it does not collapse to a point when neither arm failed, which is the common case of
 * a healthy canary, and it keeps close to its nominal coverage at small counts.
 *
 * @param baselineRate errors / requests of the baseline
 * @param canaryRate   errors / requests of the canary
 * @param lower        lower bound of the difference's two-sided interval
 * @param upper        upper bound
 */
public record ErrorRateDifference(double baselineRate, double canaryRate, double lower, double upper) {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /**
     * @param confidence two-sided confidence of the interval, in (0, 1)
     * @throws IllegalArgumentException when an arm has no requests or more errors than requests
     */
    public static ErrorRateDifference of(long baselineErrors, long baselineRequests, long canaryErrors,
                                         long canaryRequests, double confidence) {
        if (baselineRequests <= 0 || canaryRequests <= 0 || baselineErrors < 0 || canaryErrors < 0
                || baselineErrors > baselineRequests || canaryErrors > canaryRequests) {
            throw new IllegalArgumentException("need requests in both arms and errors within them: baseline "
                    + baselineErrors + "/" + baselineRequests + ", canary " + canaryErrors + "/" + canaryRequests);
        }
        double pb = (baselineErrors + 1.0) / (baselineRequests + 2.0);
        double pc = (canaryErrors + 1.0) / (canaryRequests + 2.0);
        double se = Math.sqrt(pb * (1 - pb) / (baselineRequests + 2.0) + pc * (1 - pc) / (canaryRequests + 2.0));
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new ErrorRateDifference((double) baselineErrors / baselineRequests, (double) canaryErrors / canaryRequests,
                pc - pb - z * se, pc - pb + z * se);
    }
}
