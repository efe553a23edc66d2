package io.soakrig.analysis.latency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Follows a latency log as it is written, for the progress line: each {@link #poll()} reads only
 * the complete lines added since the last one, so a six-hour run costs no more to follow than a
 * minute of it. What it keeps is the latest interval's successful logical requests, every
 * endpoint merged.
 */
public final class LatencyLogTail {
    private final Path file;
    private long offset;
    private long latestStart = Long.MIN_VALUE;
    private Histogram latest = new Histogram(3);

    public LatencyLogTail(Path file) {
        this.file = file;
    }

    /**
     * Reads what was added; the p99 in milliseconds of the latest complete interval's successful
     * requests, or null before there is one.
     */
    public Double poll() throws IOException {
        if (Files.exists(file)) {
            readNewLines();
        }
        return latest.getTotalCount() == 0 ? null : latest.getValueAtPercentile(99) / 1e6;
    }

    private void readNewLines() throws IOException {
        byte[] added;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return;
            }
            added = new byte[(int) Math.min(length - offset, 64L << 20)];
            in.seek(offset);
            in.readFully(added);
        }
        int end = added.length;
        while (end > 0 && added[end - 1] != '\n') {
            end--;
        }
        offset += end;
        StringBuilder intervals = new StringBuilder();
        for (String line : new String(added, 0, end, StandardCharsets.US_ASCII).split("\n")) {
            String tag = line.startsWith("Tag=") ? line.substring(4, Math.max(4, line.indexOf(','))) : null;
            if (tag != null && !tag.endsWith(LatencyRecording.ATTEMPT_SUFFIX) && !tag.endsWith(LatencyRecording.FAILED_SUFFIX)) {
                intervals.append(line).append('\n');
            }
        }
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(intervals.toString().getBytes(StandardCharsets.US_ASCII)));
        while (true) {
            EncodableHistogram next;
            try {
                next = reader.nextIntervalHistogram();
            } catch (RuntimeException partialLine) {
                return;
            }
            if (next == null) {
                return;
            }
            Histogram h = (Histogram) next;
            if (h.getStartTimeStamp() > latestStart) {
                latestStart = h.getStartTimeStamp();
                latest = new Histogram(3);
            }
            if (h.getStartTimeStamp() == latestStart) {
                latest.add(h);
            }
        }
    }
}
