package io.soakrig.analysis.latency;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Interval histograms summed per tag with the span they cover: what a {@link LatencyRecording} is made of. */
final class RecordingTotals {
    private final Map<String, Histogram> byTag = new TreeMap<>();
    private long start = Long.MAX_VALUE;
    private long end;

    void add(Histogram interval) {
        byTag.computeIfAbsent(interval.getTag(), t -> new Histogram(3)).add(interval);
        start = Math.min(start, interval.getStartTimeStamp());
        end = Math.max(end, interval.getEndTimeStamp());
    }

    /** A recording of the totals so far; it owns copies, so adding more later does not change it. */
    LatencyRecording recording(boolean truncated) {
        Map<String, Histogram> copy = new TreeMap<>();
        byTag.forEach((tag, h) -> copy.put(tag, h.copy()));
        return new LatencyRecording(copy, start == Long.MAX_VALUE ? 0 : start, end, truncated);
    }
}
