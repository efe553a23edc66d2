package io.soakrig.contract.latency;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The exact merge of several workers' latency logs into one: per tag and per interval, the merged
 * histogram is the sum of the workers' histograms of the same interval (HdrHistogram adds
 * histograms without loss), so every percentile of the merged run is the percentile of all the
 * workers' requests together — not an average of percentiles.
 *
 * <p>Workers write their logs {@linkplain IntervalLatencyLog#startAligned aligned} on the shared
 * start, so interval {@code k} of every worker covers the same second; an interval is identified
 * by its start's distance from the shared start, counted in intervals. The merge reads the logs
 * as they grow ({@link #poll}) and writes interval {@code k} once every worker that still runs has
 * gone past it, so the merged log grows while the run plays and the live judge reads it as it
 * reads a single generator's. The untagged total line of each interval is the sum of the workers'
 * untagged lines, which keeps the merged log readable by {@code HistogramLogProcessor}.
 */
public final class LatencyLogMerge implements AutoCloseable {
    private static final int SIGNIFICANT_DIGITS = 3;
    /** The untagged total's key. */
    private static final String TOTAL = "";

    private final List<WorkerLog> workers = new ArrayList<>();
    private final TreeMap<Long, Interval> pending = new TreeMap<>();
    private final long startMillis;
    private final long intervalMillis;
    private final HistogramLogWriter writer;
    private final PrintStream out;
    private long written;

    private LatencyLogMerge(Path merged, List<Path> workerLogs, long startMillis, long intervalMillis) {
        this.startMillis = startMillis;
        this.intervalMillis = intervalMillis;
        workerLogs.forEach(log -> workers.add(new WorkerLog(log)));
        try {
            this.out = new PrintStream(new FileOutputStream(merged.toFile()), false, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write merged latency log " + merged, e);
        }
        writer = new HistogramLogWriter(out);
        writer.outputLogFormatVersion();
        writer.outputComment("soakrig client-side latency in nanoseconds; " + LatencyTag.SCHEME
                + "; the untagged line is every logical request; the exact sum of " + workerLogs.size() + " workers' logs");
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputStartTime(startMillis);
        writer.outputLegend();
        out.flush();
    }

    /**
     * Starts merging {@code workerLogs} (worker {@code i}'s log at index {@code i}; a log that does
     * not exist yet is read once it does) into {@code merged}, truncating it.
     *
     * @param startMillis    the shared start the workers' logs are aligned on
     * @param intervalMillis their interval
     */
    public static LatencyLogMerge create(Path merged, List<Path> workerLogs, long startMillis, long intervalMillis) {
        if (workerLogs.isEmpty()) {
            throw new IllegalArgumentException("a merge needs at least one worker's log");
        }
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be > 0 ms, was " + intervalMillis);
        }
        return new LatencyLogMerge(merged, workerLogs, startMillis, intervalMillis);
    }

    /**
     * Reads what every worker's log gained and writes each interval that is complete: one every
     * worker has gone past, or whose worker is among {@code ended} (its log will not grow).
     *
     * @param ended indexes of workers whose logs are complete or will never be
     * @return the intervals written by this call
     */
    public synchronized int poll(Collection<Integer> ended) throws IOException {
        long complete = Long.MAX_VALUE;
        for (int i = 0; i < workers.size(); i++) {
            WorkerLog log = workers.get(i);
            log.read(this::add);
            if (!ended.contains(i)) {
                complete = Math.min(complete, log.highest);
            }
        }
        int count = 0;
        while (!pending.isEmpty() && pending.firstKey() < complete) {
            write(pending.pollFirstEntry());
            count++;
        }
        return count;
    }

    /** Reads the logs one last time and writes every interval left, complete or not. */
    public synchronized void finish() throws IOException {
        for (WorkerLog log : workers) {
            log.read(this::add);
        }
        while (!pending.isEmpty()) {
            write(pending.pollFirstEntry());
        }
        out.flush();
    }

    /** Intervals written to the merged log so far. */
    public synchronized long intervalsWritten() {
        return written;
    }

    /** The highest interval (from the shared start, from 0) read from worker {@code index}'s log, or -1. */
    public synchronized long lastInterval(int index) {
        return workers.get(index).highest;
    }

    @Override
    public synchronized void close() {
        out.close();
    }

    private void add(Histogram h) {
        long k = Math.round((h.getStartTimeStamp() - startMillis) / (double) intervalMillis);
        Interval interval = pending.computeIfAbsent(k, x -> new Interval());
        interval.add(h);
    }

    private void write(Map.Entry<Long, Interval> entry) {
        long start = startMillis + entry.getKey() * intervalMillis;
        Interval interval = entry.getValue();
        long end = Math.max(start, interval.endMillis);
        Histogram total = interval.byTag.remove(TOTAL);
        for (Map.Entry<String, Histogram> tagged : interval.byTag.entrySet()) {
            writeOne(tagged.getValue(), tagged.getKey(), start, end);
        }
        writeOne(total == null ? new Histogram(SIGNIFICANT_DIGITS) : total, null, start, end);
        out.flush();
        written++;
    }

    private void writeOne(Histogram h, String tag, long start, long end) {
        h.setTag(tag);
        h.setStartTimeStamp(start);
        h.setEndTimeStamp(end);
        writer.outputIntervalHistogram(h);
    }

    /** One interval's sums, per tag (the untagged total under {@link #TOTAL}). */
    private static final class Interval {
        final Map<String, Histogram> byTag = new TreeMap<>();
        long endMillis;

        void add(Histogram h) {
            byTag.computeIfAbsent(h.getTag() == null ? TOTAL : h.getTag(), t -> new Histogram(SIGNIFICANT_DIGITS)).add(h);
            endMillis = Math.max(endMillis, h.getEndTimeStamp());
        }
    }

    /**
     * One worker's log, read as it grows: complete lines only, each batch decoded by HdrHistogram's
     * own reader behind the log's header (which carries the base time the lines are relative to).
     */
    private final class WorkerLog {
        final Path file;
        long offset;
        String header;
        long highest = -1;

        WorkerLog(Path file) {
            this.file = file;
        }

        void read(java.util.function.Consumer<Histogram> each) throws IOException {
            if (!Files.exists(file)) {
                return;
            }
            byte[] fresh;
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (length <= offset) {
                    return;
                }
                fresh = new byte[(int) Math.min(length - offset, Integer.MAX_VALUE - 16)];
                in.seek(offset);
                in.readFully(fresh);
            }
            int lastNewline = lastNewline(fresh);
            if (lastNewline < 0) {
                return;
            }
            offset += lastNewline + 1;
            String lines = new String(fresh, 0, lastNewline + 1, StandardCharsets.US_ASCII);
            if (header == null) {
                int firstData = firstDataLine(lines);
                if (firstData < 0) {
                    offset -= lastNewline + 1;
                    return;
                }
                header = lines.substring(0, firstData);
                lines = lines.substring(firstData);
            }
            HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream((header + lines).getBytes(StandardCharsets.US_ASCII)));
            try {
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                    Histogram interval = (Histogram) h;
                    highest = Math.max(highest, Math.round((interval.getStartTimeStamp() - startMillis) / (double) intervalMillis));
                    each.accept(interval);
                }
            } finally {
                reader.close();
            }
        }

        private static int lastNewline(byte[] bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Where the first interval line starts, or -1 while the header is all there is. */
        private static int firstDataLine(String lines) {
            int at = 0;
            while (at < lines.length()) {
                int end = lines.indexOf('\n', at);
                String line = lines.substring(at, end);
                if (!line.startsWith("#") && !line.startsWith("\"StartTimestamp\"")) {
                    return at;
                }
                at = end + 1;
            }
            return -1;
        }
    }
}
