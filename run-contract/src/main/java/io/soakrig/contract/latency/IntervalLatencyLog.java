package io.soakrig.contract.latency;

import io.soakrig.contract.io.DaemonTicker;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Client-side latency, recorded without loss and written as an HdrHistogram interval log.
 *
 * <p>Callers on any thread {@link #record} a latency in nanoseconds under a tag ({@link LatencyTag}:
 * one per endpoint and outcome); recording is wait-free ({@link Recorder}). A single reporting thread swaps each
 * tag's interval histogram every {@code interval} and appends it to the log, flushing after every
 * interval so a run killed at any moment leaves every completed interval readable by
 * HdrHistogram's own {@code HistogramLogReader} and {@code HistogramLogProcessor}.
 *
 * <p>Every interval also carries one untagged histogram: all logical requests of the interval,
 * every tag merged except the attempt tags ({@link LatencyTag.Kind#ATTEMPT}), which would count a request
 * twice. {@code HistogramLogProcessor} without {@code -tag} reads only untagged intervals (and
 * fails on a log that has none), so this line is what makes the plain
 * {@code java -cp HdrHistogram.jar org.HdrHistogram.HistogramLogProcessor -i latency.hlog} print
 * the run's percentiles; soakrig's own readers skip it and read the tags.
 *
 * <p>A load generator that is one of several workers starts its log {@linkplain #startAligned aligned}
 * on the coordinator's shared start: its intervals are stamped on the grid {@code start + k·interval},
 * so every worker's interval {@code k} has the same start and the coordinator adds them exactly.
 *
 * <p>Values are nanoseconds, the unit {@code HistogramLogProcessor} assumes by default (its
 * output value unit ratio of 10^6 turns them into milliseconds).
 *
 * <pre>{@code
 * try (IntervalLatencyLog log = IntervalLatencyLog.start(RunLayout.of(runDir).latencyLog(), 1000)) {
 *     long t0 = System.nanoTime();
 *     callTheService();
 *     log.record("catalog", System.nanoTime() - t0);
 * }
 * }</pre>
 */
public final class IntervalLatencyLog implements AutoCloseable {
    /** Three significant digits: 0.1 % value precision, auto-resizing to any latency. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Map<String, TaggedRecorder> recorders = new ConcurrentHashMap<>();
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private final HistogramLogWriter writer;
    private final PrintStream out;
    private final LongSupplier clockMillis;
    private DaemonTicker reporter;
    private long intervalStartMillis;
    /** The interval length when intervals are stamped on a grid from the start, else 0. */
    private long gridMillis;

    IntervalLatencyLog(Path file, LongSupplier clockMillis) {
        this(file, clockMillis, clockMillis.getAsLong());
    }

    IntervalLatencyLog(Path file, LongSupplier clockMillis, long startMillis) {
        try {
            this.out = new PrintStream(new FileOutputStream(file.toFile()), false, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write latency log " + file, e);
        }
        this.writer = new HistogramLogWriter(out);
        this.clockMillis = clockMillis;
        this.intervalStartMillis = startMillis;
        writer.outputLogFormatVersion();
        writer.outputComment("soakrig client-side latency in nanoseconds; " + LatencyTag.SCHEME
                + "; the untagged line is every logical request");
        writer.setBaseTime(intervalStartMillis);
        writer.outputBaseTime(intervalStartMillis);
        writer.outputStartTime(intervalStartMillis);
        writer.outputLegend();
        out.flush();
    }

    /**
     * Opens {@code file} (truncating it) and starts writing one interval per tag every
     * {@code intervalMillis}.
     *
     * @param intervalMillis 10..60000 ms; soakrig uses 1000
     */
    public static IntervalLatencyLog start(Path file, long intervalMillis) {
        if (intervalMillis < 10 || intervalMillis > 60_000) {
            throw new IllegalArgumentException("interval must be 10..60000 ms, was " + intervalMillis);
        }
        IntervalLatencyLog log = new IntervalLatencyLog(file, System::currentTimeMillis);
        Duration interval = Duration.ofMillis(intervalMillis);
        log.reporter = DaemonTicker.start("latency-log-writer", interval, interval, log::writeInterval);
        return log;
    }

    /**
     * Opens {@code file} (truncating it) with {@code startMillis} as its base and start time, and
     * writes interval {@code k} at {@code startMillis + (k+1)·intervalMillis}, stamped exactly
     * {@code [start + k·interval, start + (k+1)·interval)}: workers given the same start write
     * intervals a merge can add by their start. The last interval, cut by {@link #close()}, ends
     * when it is cut.
     *
     * @param intervalMillis 10..60000 ms; soakrig uses 1000
     * @param startMillis    the shared start, epoch milliseconds; may lie a little in the past
     */
    public static IntervalLatencyLog startAligned(Path file, long intervalMillis, long startMillis) {
        if (intervalMillis < 10 || intervalMillis > 60_000) {
            throw new IllegalArgumentException("interval must be 10..60000 ms, was " + intervalMillis);
        }
        IntervalLatencyLog log = new IntervalLatencyLog(file, System::currentTimeMillis, startMillis);
        log.gridMillis = intervalMillis;
        long firstEnd = Math.max(0, startMillis + intervalMillis - System.currentTimeMillis());
        log.reporter = DaemonTicker.start("latency-log-writer", Duration.ofMillis(firstEnd), Duration.ofMillis(intervalMillis),
                log::writeInterval);
        return log;
    }

    /**
     * Records one latency.
     *
     * @param tag   a {@link LatencyTag} as written
     * @param nanos latency in nanoseconds, >= 0
     */
    public void record(String tag, long nanos) {
        recorders.computeIfAbsent(tag, TaggedRecorder::new).recorder.recordValue(nanos);
    }

    /**
     * Appends the interval since the last one for every tag seen so far, then flushes. The
     * reporting thread calls this every interval; calling it directly cuts an interval now.
     */
    public synchronized void writeInterval() {
        writeIntervalEndingAt(gridMillis > 0 ? intervalStartMillis + gridMillis : clockMillis.getAsLong());
    }

    private void writeIntervalEndingAt(long end) {
        total.reset();
        total.setStartTimeStamp(intervalStartMillis);
        total.setEndTimeStamp(end);
        for (TaggedRecorder tagged : recorders.values()) {
            Histogram interval = tagged.recorder.getIntervalHistogram(tagged.recycled);
            tagged.recycled = interval;
            interval.setTag(tagged.tag);
            interval.setStartTimeStamp(intervalStartMillis);
            interval.setEndTimeStamp(end);
            writer.outputIntervalHistogram(interval);
            if (tagged.logical) {
                total.add(interval);
            }
        }
        writer.outputIntervalHistogram(total);
        out.flush();
        intervalStartMillis = end;
    }

    /** Writes the last partial interval and closes the file; recording after this is lost. */
    @Override
    public void close() {
        if (reporter != null) {
            reporter.close();
        }
        synchronized (this) {
            writeIntervalEndingAt(Math.max(intervalStartMillis, clockMillis.getAsLong()));
        }
        out.close();
    }

    private static final class TaggedRecorder {
        final String tag;
        final boolean logical;
        final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
        Histogram recycled;

        TaggedRecorder(String tag) {
            this.tag = tag;
            this.logical = LatencyTag.parse(tag).logical();
        }
    }
}
