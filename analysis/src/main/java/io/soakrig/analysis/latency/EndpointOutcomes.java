package io.soakrig.analysis.latency;

import io.soakrig.contract.latency.DecodedInterval;
import io.soakrig.contract.latency.LatencyTag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * How each endpoint's logical requests ended, interval by interval: how many succeeded, how many
 * failed after every retry allowed, and how many attempts the clients sent — so a report shows
 * when logins stopped succeeding and when the retries took off, not only the run's totals. Fed
 * the intervals of a latency log while {@link LatencyRecording} reads it, as {@link SuccessIntervals} is.
 */
public final class EndpointOutcomes {
    /**
     * One interval of one endpoint.
     *
     * @param startMillis epoch millis the interval starts at
     * @param ok          logical requests that succeeded
     * @param failed      logical requests that failed
     * @param attempts    attempts sent (each retry one more)
     */
    public record Point(long startMillis, long ok, long failed, long attempts) {
        /** Successful logical requests over all that ended, null when none ended. */
        public Double successRate() {
            long logical = ok + failed;
            return logical == 0 ? null : (double) ok / logical;
        }

        /** Attempts per logical request that ended (1 = no retries), null when none ended or no attempt was recorded. */
        public Double amplification() {
            long logical = ok + failed;
            return logical == 0 || attempts == 0 ? null : (double) attempts / logical;
        }
    }

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int ATTEMPTS = 2;
    private final Map<String, TreeMap<Long, long[]>> byRequest = new TreeMap<>();

    /** Counts {@code interval} under its request (the endpoint, with its canary arm if any). */
    public void add(DecodedInterval interval) {
        count(interval.tag(), interval.startMillis(), interval.totalCount());
    }

    /** Counts {@code interval} as HdrHistogram decodes it, as {@link #add(DecodedInterval)} does. */
    public void add(Histogram interval) {
        count(interval.getTag() == null ? "" : interval.getTag(), interval.getStartTimeStamp(), interval.getTotalCount());
    }

    private void count(String tag, long startMillis, long total) {
        if (total == 0) {
            return;
        }
        long[] counts = byRequest.computeIfAbsent(LatencyTag.requestOf(tag), r -> new TreeMap<>())
                .computeIfAbsent(startMillis, s -> new long[3]);
        int slot = switch (LatencyTag.kindOf(tag)) {
            case OK -> OK;
            case FAILED -> FAILED;
            case ATTEMPT -> ATTEMPTS;
        };
        counts[slot] += total;
    }

    /** Each endpoint's intervals, in time order. */
    public Map<String, List<Point>> byEndpoint() {
        Map<String, List<Point>> points = new TreeMap<>();
        byRequest.forEach((request, intervals) -> {
            List<Point> list = new ArrayList<>();
            intervals.forEach((start, c) -> list.add(new Point(start, c[OK], c[FAILED], c[ATTEMPTS])));
            points.put(request, Collections.unmodifiableList(list));
        });
        return Collections.unmodifiableMap(points);
    }
}
