package io.soakrig.analysis.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line's p99: the latest complete interval, read incrementally as the log grows. */
class LatencyLogTailTest {
    private static final long T0 = 1_795_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void followsTheLatestCompleteIntervalOfSuccessfulRequests() throws Exception {
        Path log = dir.resolve("latency.hlog");
        LatencyLogTail tail = new LatencyLogTail(log);
        assertThat(tail.poll()).as("no log yet").isNull();

        Files.writeString(log, header() + interval(0, "home", 2) + interval(0, "home.ko", 900) + interval(1, "home", 5)
                + interval(1, "search", 7) + interval(1, "search.try", 800));
        assertThat(tail.poll()).as("second 1: home and search merged, attempts and failures left out").isCloseTo(7.0, within(0.01));

        String next = interval(2, "home", 30);
        Files.writeString(log, next.substring(0, 20), StandardOpenOption.APPEND);
        assertThat(tail.poll()).as("a half-written line waits").isCloseTo(7.0, within(0.01));
        Files.writeString(log, next.substring(20), StandardOpenOption.APPEND);
        assertThat(tail.poll()).isCloseTo(30.0, within(0.05));

        LatencyRecording whole = LatencyRecording.read(log);
        LatencyRecording followed = tail.recording();
        assertThat(followed.byTag().keySet()).isEqualTo(whole.byTag().keySet());
        assertThat(followed.requests()).isEqualTo(whole.requests()).isEqualTo(50);
        assertThat(followed.errors()).isEqualTo(whole.errors()).isEqualTo(10);
        assertThat(followed.attempts()).isEqualTo(whole.attempts());
        assertThat(followed.succeeded().getValueAtPercentile(99)).isEqualTo(whole.succeeded().getValueAtPercentile(99));
        assertThat(followed.spanSeconds()).isEqualTo(whole.spanSeconds());
    }

    private static String header() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.US_ASCII));
        writer.outputLogFormatVersion();
        writer.outputStartTime(T0);
        writer.outputLegend();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** One interval line of {@code tag} at second {@code s}, every value {@code ms}. */
    private static String interval(int s, String tag, long ms) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 10; i++) {
            h.recordValue(ms * 1_000_000);
        }
        h.setTag(tag);
        h.setStartTimeStamp(T0 + s * 1000L);
        h.setEndTimeStamp(T0 + s * 1000L + 1000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.US_ASCII));
        writer.outputIntervalHistogram(h);
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
