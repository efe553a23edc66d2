package io.soakrig.analysis.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyRecordingTest {
    @TempDir
    Path dir;

    @Test
    void intervalsAreSummedPerTagAndFailuresCountedApart() throws Exception {
        Path file = writeLog(3);

        LatencyRecording r = LatencyRecording.read(file);

        assertThat(r.requests()).isEqualTo(3 * (100 + 5));
        assertThat(r.errors()).isEqualTo(3 * 5);
        assertThat(r.endpoints()).containsExactly("items");
        assertThat(r.succeeded().getTotalCount()).isEqualTo(300);
        assertThat(r.spanSeconds()).isEqualTo(3.0);
        assertThat(r.truncated()).isFalse();
        assertThat(Percentiles.of(r.succeeded()).max()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void aLogCutMidLineKeepsEveryCompleteInterval() throws Exception {
        Path file = writeLog(3);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 20));

        LatencyRecording r = LatencyRecording.read(file);

        assertThat(r.truncated()).isTrue();
        assertThat(r.requests()).isEqualTo(3 * 105 - 5);
    }

    @Test
    void aLogTornAtAnyByteReadsWithoutFailing() throws Exception {
        byte[] whole = Files.readAllBytes(writeLog(2));
        Path torn = dir.resolve("torn.hlog");
        for (int cut = 0; cut < whole.length; cut++) {
            Files.write(torn, java.util.Arrays.copyOf(whole, cut));

            LatencyRecording r = LatencyRecording.read(torn);

            assertThat(r.requests()).as("cut at byte %d", cut).isBetween(0L, 2 * 105L);
        }
    }

    @Test
    void theUntaggedTotalLineForHdrHistogramsOwnToolIsNotCountedAgain() throws Exception {
        Path file = writeLog(2);
        Histogram total = new Histogram(3);
        total.recordValueWithCount(1_000_000L, 105);
        total.setStartTimeStamp(1_700_000_000_000L);
        total.setEndTimeStamp(1_700_000_001_000L);
        try (PrintStream out = new PrintStream(Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND))) {
            new HistogramLogWriter(out).outputIntervalHistogram(total);
        }

        LatencyRecording r = LatencyRecording.read(file);

        assertThat(r.byTag()).containsOnlyKeys("items", "items.ko");
        assertThat(r.requests()).isEqualTo(2 * 105);
        assertThat(IntervalCounts.read(file)).extracting(IntervalCounts::logical).containsExactly(105L, 105L);
    }

    @Test
    void aMissingLogIsAnEmptyRecording() throws Exception {
        LatencyRecording r = LatencyRecording.read(dir.resolve("absent.hlog"));

        assertThat(r.requests()).isZero();
        assertThat(Percentiles.of(r.succeeded()).p99()).isNull();
    }

    @Test
    void attemptsAreCountedApartFromLogicalRequests() {
        Histogram ok = new Histogram(3);
        ok.recordValueWithCount(1_000_000, 90);
        Histogram ko = new Histogram(3);
        ko.recordValueWithCount(1_000_000, 10);
        Histogram tries = new Histogram(3);
        tries.recordValueWithCount(500_000, 175);
        LatencyRecording r = new LatencyRecording(new java.util.TreeMap<>(java.util.Map.of("items", ok, "items.ko", ko, "items.try", tries)),
                0, 1000, false);

        assertThat(r.requests()).isEqualTo(100);
        assertThat(r.errors()).isEqualTo(10);
        assertThat(r.attempts()).isEqualTo(175);
        assertThat(r.endpoints()).containsExactly("items");
        assertThat(r.succeeded().getTotalCount()).isEqualTo(90);
        assertThat(new LatencyRecording(new java.util.TreeMap<>(java.util.Map.of("items", ok)), 0, 1000, false).attempts())
                .as("a recording without attempt tags: one attempt per request").isEqualTo(90);
    }

    /** Writes {@code intervals} one-second intervals: 100 ok requests of 1..100 ms, then 5 failed. */
    private Path writeLog(int intervals) throws Exception {
        Path file = dir.resolve("latency.hlog");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            long base = 1_700_000_000_000L;
            writer.setBaseTime(base);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (int i = 0; i < intervals; i++) {
                Histogram ok = new Histogram(3);
                for (int ms = 1; ms <= 100; ms++) {
                    ok.recordValue(ms * 1_000_000L);
                }
                Histogram ko = new Histogram(3);
                ko.recordValueWithCount(2_000_000L, 5);
                for (Histogram h : new Histogram[] {ok, ko}) {
                    h.setTag(h == ok ? "items" : "items.ko");
                    h.setStartTimeStamp(base + i * 1000L);
                    h.setEndTimeStamp(base + (i + 1) * 1000L);
                    writer.outputIntervalHistogram(h);
                }
            }
        }
        return file;
    }
}
