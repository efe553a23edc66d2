package io.soakrig.analysis.latency;

import io.soakrig.contract.latency.LatencyLogReader;
import io.soakrig.contract.latency.LatencyTag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request counts per interval of a latency log, every tag of the interval summed: how many
 * logical requests ended in it, how many of those failed, and how many attempts were sent. A
 * run's availability and retry flood are read over time from these, not from the run's totals.
 *
 * @param startMillis epoch millis the interval starts at
 * @param endMillis   epoch millis it ends at
 */
public record IntervalCounts(long startMillis, long endMillis, long logical, long failed, long attempts) {
    /** Successful logical requests. */
    public long succeeded() {
        return logical - failed;
    }

    /** The intervals of {@code file} in time order; a partial last line ends the list. */
    public static List<IntervalCounts> read(Path file) throws IOException {
        Map<Long, long[]> byStart = new TreeMap<>();
        if (!Files.exists(file)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(file)) {
            LatencyLogReader.forEach(in, h -> {
                long[] c = byStart.computeIfAbsent(h.startMillis(), s -> new long[] {s, 0, 0, 0, 0});
                c[1] = Math.max(c[1], h.endMillis());
                if (LatencyTag.kindOf(h.tag()) == LatencyTag.Kind.ATTEMPT) {
                    c[4] += h.totalCount();
                } else {
                    c[2] += h.totalCount();
                    if (LatencyTag.kindOf(h.tag()) == LatencyTag.Kind.FAILED) {
                        c[3] += h.totalCount();
                    }
                }
            });
        }
        List<IntervalCounts> intervals = new ArrayList<>();
        byStart.values().forEach(c -> intervals.add(new IntervalCounts(c[0], c[1], c[2], c[3], c[4])));
        return intervals;
    }
}
