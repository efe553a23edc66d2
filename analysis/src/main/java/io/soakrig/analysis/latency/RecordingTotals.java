package io.soakrig.analysis.latency;

import io.soakrig.contract.latency.DecodedInterval;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Interval histograms summed per tag with the span they cover: what a {@link LatencyRecording} is made of. */
final class RecordingTotals {
    private final Map<String, Histogram> byTag = new TreeMap<>();
    private long start = Long.MAX_VALUE;
    private long end;

    /** Adds an interval as a whole read decodes it. */
    void add(DecodedInterval interval) {
        interval.addTo(byTag.computeIfAbsent(interval.tag(), t -> new Histogram(3)));
        span(interval.startMillis(), interval.endMillis());
    }

    /** Adds an interval as HdrHistogram decodes it (the live tail); the same totals as {@link #add(DecodedInterval)}. */
    void add(Histogram interval) {
        byTag.computeIfAbsent(interval.getTag(), t -> new Histogram(3)).add(interval);
        span(interval.getStartTimeStamp(), interval.getEndTimeStamp());
    }

    private void span(long intervalStart, long intervalEnd) {
        start = Math.min(start, intervalStart);
        end = Math.max(end, intervalEnd);
    }

    /** A recording of the totals so far; it owns copies, so adding more later does not change it. */
    LatencyRecording recording(boolean truncated) {
        Map<String, Histogram> copy = new TreeMap<>();
        byTag.forEach((tag, h) -> copy.put(tag, h.copy()));
        return new LatencyRecording(copy, start == Long.MAX_VALUE ? 0 : start, end, truncated);
    }
}
