package io.soakrig.contract.latency;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * One tagged interval of a latency log as {@link LatencyLogReader} decodes it: its tag, its time
 * span and only the buckets that hold a count, in value order — a few dozen numbers where an
 * HdrHistogram decoded the usual way allocates and scans a counts array sized for the largest
 * value the writer could have held (tens of thousands of slots, for every line of a day-long log).
 *
 * <p>What it answers is what the same interval decoded by HdrHistogram answers: {@link
 * #valueAtPercentile} follows {@code AbstractHistogram.getValueAtPercentile} step by step, and
 * {@link #addTo} records each bucket's value as {@code AbstractHistogram.add} does, so totals and
 * percentiles come out identical.
 *
 * <p>The reader reuses one instance from line to line: it is valid only while the consumer it was
 * given to runs.
 */
public final class DecodedInterval {
    private String tag;
    private long startMillis;
    private long endMillis;
    private long totalCount;
    private int size;
    private long[] values = new long[64];
    private long[] counts = new long[64];
    /** A histogram of the interval's precision: its equivalent-value ranges are the interval's. */
    private Histogram geometry;

    DecodedInterval() {
    }

    /** The tag as written, e.g. {@code items.ko}. */
    public String tag() {
        return tag;
    }

    /** Epoch millis the interval starts at, as {@code HistogramLogReader} stamps it. */
    public long startMillis() {
        return startMillis;
    }

    /** Epoch millis the interval ends at, as {@code HistogramLogReader} stamps it. */
    public long endMillis() {
        return endMillis;
    }

    /** Values counted in the interval. */
    public long totalCount() {
        return totalCount;
    }

    /**
     * The value at {@code percentile} (0..100), nanoseconds: the highest value equivalent to the
     * bucket where the count reaches the percentile ({@code AbstractHistogram.getValueAtPercentile}).
     */
    public long valueAtPercentile(double percentile) {
        double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0D), 100.0D);
        long countAtPercentile = Math.max((long) Math.ceil(requested * totalCount / 100.0), 1);
        long total = 0;
        for (int k = 0; k < size; k++) {
            total += counts[k];
            if (total >= countAtPercentile) {
                return percentile == 0.0 ? geometry.lowestEquivalentValue(values[k]) : geometry.highestEquivalentValue(values[k]);
            }
        }
        return 0;
    }

    /** Adds the interval's counts to {@code total} (auto-resizing), and widens its time span to the interval's. */
    public void addTo(Histogram total) {
        for (int k = 0; k < size; k++) {
            total.recordValueWithCount(values[k], counts[k]);
        }
        total.setStartTimeStamp(Math.min(total.getStartTimeStamp(), startMillis));
        total.setEndTimeStamp(Math.max(total.getEndTimeStamp(), endMillis));
    }

    /** The interval as an HdrHistogram of its own (allocates: for tests and rare callers). */
    public Histogram toHistogram() {
        Histogram h = new Histogram(geometry.getNumberOfSignificantValueDigits());
        addTo(h);
        h.setStartTimeStamp(startMillis);
        h.setEndTimeStamp(endMillis);
        h.setTag(tag);
        return h;
    }

    void start(String tag, long startMillis, long endMillis, Histogram geometry) {
        this.tag = tag;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.geometry = geometry;
        this.totalCount = 0;
        this.size = 0;
    }

    /** Appends a bucket; {@code value} is its lowest equivalent value, larger than the last one's. */
    void add(long value, long count) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        values[size] = value;
        counts[size++] = count;
        totalCount += count;
    }
}
