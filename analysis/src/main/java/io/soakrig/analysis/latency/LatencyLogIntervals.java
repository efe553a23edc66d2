package io.soakrig.analysis.latency;

import java.io.InputStream;
import java.util.function.Consumer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The one loop over a latency log's interval histograms that every reader shares: each decoded
 * interval goes to the consumer, in file order. A run killed mid-write can leave a partial last
 * line; reading stops there and says so, instead of failing whatever was being judged.
 */
public final class LatencyLogIntervals {
    private LatencyLogIntervals() {
    }

    /**
     * Feeds every interval of {@code log} to {@code each}; true when reading stopped at an
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
                each.accept((Histogram) interval);
            }
        } finally {
            reader.close();
        }
    }
}
