package io.soakrig.analysis.memory;

/**
 * Ordinary least-squares line through (x, y) points: the plain growth figure a summary reports
 * per target ({@code memory}), beside the leak call. It is sensitive to outliers and GC steps, so
 * no verdict rests on it: leak calls use the Theil–Sen trend of the memory floor instead
 * ({@code LeakDetector}, {@code TrendStatistics}). It stays for what it is, the figure anyone can
 * recompute from the samples with a spreadsheet.
 *
 * @param slope     dy/dx; NaN with fewer than two distinct x values
 * @param intercept y at x = 0
 * @param points    how many points were fitted
 */
public record LinearFit(double slope, double intercept, int points) {

    /** Fits {@code y = intercept + slope·x}; {@code xs} and {@code ys} have equal length. */
    public static LinearFit of(double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("x and y differ in length: " + xs.length + " vs " + ys.length);
        }
        int n = xs.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += xs[i] / n;
            meanY += ys[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (xs[i] - meanX) * (ys[i] - meanY);
            sxx += (xs[i] - meanX) * (xs[i] - meanX);
        }
        double slope = sxx == 0 ? Double.NaN : sxy / sxx;
        return new LinearFit(slope, meanY - (Double.isNaN(slope) ? 0 : slope * meanX), n);
    }
}
