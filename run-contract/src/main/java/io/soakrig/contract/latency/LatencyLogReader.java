package io.soakrig.contract.latency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Reads a whole latency log fast, for the analysis of a run of any length: every line is decoded
 * once into one reused {@link DecodedInterval} that holds only the interval's non-empty buckets.
 * A day at one-second intervals is close to a million lines; decoded one by one into fresh
 * HdrHistograms (what {@link LatencyLogIntervals} does) each line allocates and scans a counts
 * array of tens of thousands of slots, which took most of a minute.
 *
 * <p>The timestamps are those {@code HistogramLogReader} gives: a line's start plus the log's base
 * time ({@code #[BaseTime: ...]}, or, without one, the start time when the line's start is more
 * than a year before it, else 0). Untagged lines, the writer's every-tag totals for HdrHistogram's
 * own tools, are decoded (a torn one still ends the log) and not shown.
 *
 * <p>A run killed mid-write can leave a partial last line: reading stops at the first line that
 * does not decode, every interval before it is kept, and the reader says so.
 */
public final class LatencyLogReader {
    private static final double SECONDS_PER_YEAR = 365 * 24 * 3600.0;
    private static final String START_TIME = "#[StartTime: ";
    private static final String BASE_TIME = "#[BaseTime: ";

    private final CompressedCounts decoder = new CompressedCounts();
    private final DecodedInterval interval = new DecodedInterval();
    private double startTimeSec;
    private boolean observedStartTime;
    private double baseTimeSec;
    private boolean observedBaseTime;

    private LatencyLogReader() {
    }

    /**
     * Shows every tagged interval of {@code log} to {@code each}, in file order; true when reading
     * stopped at a line that does not decode (a truncated tail).
     */
    public static boolean forEach(InputStream log, Consumer<DecodedInterval> each) {
        return new LatencyLogReader().read(log, each);
    }

    private boolean read(InputStream log, Consumer<DecodedInterval> each) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(log, StandardCharsets.US_ASCII), 1 << 16);
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty() || line.startsWith("\"StartTimestamp\"")) {
                    continue;
                }
                if (line.startsWith("#")) {
                    header(line);
                    continue;
                }
                try {
                    decode(line);
                } catch (RuntimeException undecodable) {
                    return true;
                }
                if (interval.tag() != null) {
                    each.accept(interval);
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void header(String line) {
        if (line.startsWith(START_TIME)) {
            seconds(line, START_TIME.length(), true);
        } else if (line.startsWith(BASE_TIME)) {
            seconds(line, BASE_TIME.length(), false);
        }
    }

    private void seconds(String line, int from, boolean start) {
        int end = line.indexOf(' ', from);
        double seconds;
        try {
            seconds = Double.parseDouble(line.substring(from, end < 0 ? line.length() : end));
        } catch (NumberFormatException notATime) {
            return;
        }
        if (start) {
            startTimeSec = seconds;
            observedStartTime = true;
        } else {
            baseTimeSec = seconds;
            observedBaseTime = true;
        }
    }

    /** {@code [Tag=<tag>,]<start s>,<length s>,<max>,<base64 compressed histogram>} */
    private void decode(String line) {
        String tag = null;
        int field = 0;
        if (line.startsWith("Tag=")) {
            field = line.indexOf(',');
            tag = line.substring(4, field++);
        }
        int lengthAt = line.indexOf(',', field) + 1;
        int maxAt = line.indexOf(',', lengthAt) + 1;
        int payloadAt = line.indexOf(',', maxAt) + 1;
        if (lengthAt == 0 || maxAt == 0 || payloadAt == 0) {
            throw new IllegalArgumentException("a line of fewer than four fields");
        }
        double timestamp = Double.parseDouble(line.substring(field, lengthAt - 1));
        double length = Double.parseDouble(line.substring(lengthAt, maxAt - 1));
        if (!observedStartTime) {
            startTimeSec = timestamp;
            observedStartTime = true;
        }
        if (!observedBaseTime) {
            baseTimeSec = timestamp < startTimeSec - SECONDS_PER_YEAR ? startTimeSec : 0.0;
            observedBaseTime = true;
        }
        double start = timestamp + baseTimeSec;
        decoder.decode(Base64.getDecoder().decode(line.substring(payloadAt)), interval, tag, (long) (start * 1000.0),
                (long) ((start + length) * 1000.0));
    }
}
