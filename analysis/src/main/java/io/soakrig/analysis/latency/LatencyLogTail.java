package io.soakrig.analysis.latency;

import io.soakrig.contract.latency.LatencyLogIntervals;
import io.soakrig.contract.latency.LatencyTag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Follows a latency log as it is written, for what a run checks while it goes (the progress
 * line's p99, the canary's interim verdict): each {@link #poll()} reads only the complete lines
 * added since the last one, so a six-hour run costs no more to follow than a minute of it. It
 * keeps every tag's running total — the same {@link LatencyRecording} a full read would give —
 * and the latest interval's successful logical requests, every endpoint merged.
 */
public final class LatencyLogTail {
    private final Path file;
    private long offset;
    private long latestStart = Long.MIN_VALUE;
    private Histogram latest = new Histogram(3);
    private final RecordingTotals totals = new RecordingTotals();

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

    /**
     * Everything read so far: the histograms {@link LatencyRecording#read} would give for the same
     * lines. Only interval lines are read, so its start and end are relative to the log's base time.
     */
    public LatencyRecording recording() {
        return totals.recording(false);
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
            if (line.startsWith("Tag=")) {
                intervals.append(line).append('\n');
            }
        }
        LatencyLogIntervals.forEach(new ByteArrayInputStream(intervals.toString().getBytes(StandardCharsets.US_ASCII)), h -> {
            totals.add(h);
            String tag = h.getTag();
            if (LatencyTag.kindOf(tag) != LatencyTag.Kind.OK) {
                return;
            }
            if (h.getStartTimeStamp() > latestStart) {
                latestStart = h.getStartTimeStamp();
                latest = new Histogram(3);
            }
            if (h.getStartTimeStamp() == latestStart) {
                latest.add(h);
            }
        });
    }
}
