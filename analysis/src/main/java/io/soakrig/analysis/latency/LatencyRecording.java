package io.soakrig.analysis.latency;

import io.soakrig.contract.latency.DecodedInterval;
import io.soakrig.contract.latency.LatencyLogReader;
import io.soakrig.contract.latency.LatencyTag.Kind;
import io.soakrig.contract.latency.LatencyTag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * A run's client-side latency as read back from its HdrHistogram interval log: per tag, the sum
 * of all intervals, and the time span they cover.
 *
 * <p>A run killed mid-write can leave a partial last line. Every interval before it is kept and
 * {@link #truncated()} says that the tail was cut; the reader never fails a report over it.
 *
 * @param byTag      accumulated histogram per tag (values in nanoseconds)
 * @param startMillis epoch millis at which the first interval starts, 0 when there is none
 * @param endMillis   epoch millis at which the last interval ends, 0 when there is none
 * @param truncated   whether reading stopped at an undecodable line
 */
public record LatencyRecording(Map<String, Histogram> byTag, long startMillis, long endMillis, boolean truncated) {

    /** Reads {@code file}; a missing file is an empty recording. */
    public static LatencyRecording read(Path file) throws IOException {
        return read(file, interval -> { });
    }

    /**
     * Reads {@code file} and shows each tagged interval to {@code alsoEach} as well, so that a
     * reader wanting more than the totals (the report's latency over time) reads the log once.
     * The interval shown is reused for the next line ({@link DecodedInterval}): keep what it says,
     * not the interval.
     */
    public static LatencyRecording read(Path file, Consumer<DecodedInterval> alsoEach) throws IOException {
        RecordingTotals totals = new RecordingTotals();
        if (!Files.exists(file)) {
            return totals.recording(false);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return totals.recording(LatencyLogReader.forEach(in, interval -> {
                totals.add(interval);
                alsoEach.accept(interval);
            }));
        }
    }

    /** All successful requests, every endpoint merged. */
    public Histogram succeeded() {
        Histogram all = new Histogram(3);
        byTag.forEach((tag, h) -> {
            if (LatencyTag.kindOf(tag) == Kind.OK) {
                all.add(h);
            }
        });
        return all;
    }

    /** Count of every recorded logical request, failed or not. */
    public long requests() {
        return byTag.entrySet().stream().filter(e -> LatencyTag.kindOf(e.getKey()).logical())
                .mapToLong(e -> e.getValue().getTotalCount()).sum();
    }

    /**
     * Count of attempts sent, retries included; equal to {@link #requests()} in a recording
     * without attempt tags (made before soakrig recorded them).
     */
    public long attempts() {
        boolean recorded = byTag.keySet().stream().anyMatch(t -> LatencyTag.kindOf(t) == Kind.ATTEMPT);
        return !recorded ? requests() : byTag.entrySet().stream().filter(e -> LatencyTag.kindOf(e.getKey()) == Kind.ATTEMPT)
                .mapToLong(e -> e.getValue().getTotalCount()).sum();
    }

    /** Count of failed requests. */
    public long errors() {
        return byTag.entrySet().stream()
                .filter(e -> LatencyTag.kindOf(e.getKey()) == Kind.FAILED)
                .mapToLong(e -> e.getValue().getTotalCount())
                .sum();
    }

    /** Endpoint names, i.e. tags of logical requests with the failure suffix removed. */
    public SortedSet<String> endpoints() {
        SortedSet<String> names = new TreeSet<>();
        byTag.keySet().stream().filter(t -> LatencyTag.kindOf(t).logical()).forEach(t -> names.add(LatencyTag.requestOf(t)));
        return names;
    }

    /** The histogram of one tag, empty when the tag never occurred. */
    public Histogram tag(String tag) {
        return byTag.getOrDefault(tag, new Histogram(3));
    }

    /** Seconds between the start of the first interval and the end of the last. */
    public double spanSeconds() {
        return (endMillis - startMillis) / 1000.0;
    }
}
