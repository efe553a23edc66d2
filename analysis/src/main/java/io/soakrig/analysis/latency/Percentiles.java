package io.soakrig.analysis.latency;

import org.HdrHistogram.Histogram;

/**
 * The latency figures soakrig reports, in milliseconds, from a histogram of nanoseconds.
 * Absent (null) when the histogram is empty: a percentile of nothing is not zero.
 */
public record Percentiles(Double p50, Double p90, Double p99, Double p999, Double max) {
    private static final double NANOS_PER_MILLI = 1e6;

    public static Percentiles of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return new Percentiles(null, null, null, null, null);
        }
        return new Percentiles(
                ms(nanos.getValueAtPercentile(50)),
                ms(nanos.getValueAtPercentile(90)),
                ms(nanos.getValueAtPercentile(99)),
                ms(nanos.getValueAtPercentile(99.9)),
                ms(nanos.getMaxValue()));
    }

    private static double ms(long nanos) {
        return Math.round(nanos / NANOS_PER_MILLI * 1000) / 1000.0;
    }
}
