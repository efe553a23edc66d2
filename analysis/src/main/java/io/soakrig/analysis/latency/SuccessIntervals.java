package io.soakrig.analysis.latency;

import io.soakrig.contract.latency.DecodedInterval;
import io.soakrig.contract.latency.LatencyTag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Successful logical requests interval by interval, per endpoint: each non-empty interval's start
 * and its p50 and p99, in nanoseconds — what a report draws as latency over time. Fed the
 * intervals of a latency log while {@link LatencyRecording#read(java.nio.file.Path,
 * java.util.function.Consumer)} reads it, so the log is read once for the verdict and the figures.
 */
public final class SuccessIntervals {
    /** One interval of one endpoint. */
    public record Point(long startMillis, long p50Nanos, long p99Nanos) {
    }

    private final Map<String, List<Point>> byEndpoint = new TreeMap<>();

    /** Keeps {@code interval} when it holds successful requests of an endpoint. */
    public void add(DecodedInterval interval) {
        String tag = interval.tag();
        if (interval.totalCount() == 0 || LatencyTag.kindOf(tag) != LatencyTag.Kind.OK) {
            return;
        }
        byEndpoint.computeIfAbsent(tag, t -> new ArrayList<>()).add(new Point(interval.startMillis(),
                interval.valueAtPercentile(50), interval.valueAtPercentile(99)));
    }

    /** The points of each endpoint that had a successful request, in log order. */
    public Map<String, List<Point>> byEndpoint() {
        return Collections.unmodifiableMap(byEndpoint);
    }

    /** Epoch millis at which the first kept interval starts, 0 when none was kept. */
    public long startMillis() {
        return byEndpoint.values().stream().flatMap(List::stream).mapToLong(Point::startMillis).min().orElse(0);
    }
}
