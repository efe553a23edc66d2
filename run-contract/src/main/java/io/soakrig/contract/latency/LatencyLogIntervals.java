package io.soakrig.contract.latency;

import java.io.InputStream;
import java.util.function.Consumer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * A latency log's tagged intervals as HdrHistogram's own reader decodes them, each a histogram of
 * its own, in file order: for the few lines a live tail reads at a time. A whole log is read by
 * {@link LatencyLogReader}, which gives the same figures without a histogram per line. A run
 * killed mid-write can leave a partial last line; reading stops there and says so, instead of
 * failing whatever was being judged.
 *
 * <p>Untagged intervals are skipped: the writer adds one per interval, the total of the tagged
 * ones, only so that HdrHistogram's own {@code HistogramLogProcessor} (which reads untagged lines
 * unless given {@code -tag}) can read the log; counting it here would count every request twice.
 */
public final class LatencyLogIntervals {
    private LatencyLogIntervals() {
    }

    /**
     * Feeds every tagged interval of {@code log} to {@code each}; true when reading stopped at an
     * undecodable line (a truncated tail).
     */
    public static boolean forEach(InputStream log, Consumer<Histogram> each) {
        HistogramLogReader reader = new HistogramLogReader(log);
        try {
            while (true) {
                EncodableHistogram interval;
                try {
                    interval = reader.nextIntervalHistogram();
                } catch (RuntimeException partialLine) {
                    return true;
                }
                if (interval == null) {
                    return false;
                }
                if (interval.getTag() != null) {
                    each.accept((Histogram) interval);
                }
            }
        } finally {
            reader.close();
        }
    }
}
