package io.soakrig.contract.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalLatencyLogTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Test
    void intervalsAreWrittenPerTagAndDecodeWithHdrHistogramsReader() throws Exception {
        Path file = dir.resolve("latency.hlog");
        try (IntervalLatencyLog log = new IntervalLatencyLog(file, clock::get)) {
            log.record("catalog", 2_000_000);
            log.record("catalog", 4_000_000);
            log.record("profile.ko", 9_000_000);
            clock.addAndGet(1000);
            log.writeInterval();

            log.record("catalog", 3_000_000);
            clock.addAndGet(1000);
            log.writeInterval();
            clock.addAndGet(400);
        }

        List<Histogram> intervals = read(file);

        assertThat(intervals).extracting(Histogram::getTag)
                .containsExactlyInAnyOrder("catalog", "profile.ko", null, "catalog", "profile.ko", null, "catalog", "profile.ko", null);
        assertThat(intervals.stream().filter(h -> h.getTag() != null).mapToLong(Histogram::getTotalCount).sum()).isEqualTo(4);
        assertThat(intervals.stream().filter(h -> h.getTag() == null).mapToLong(Histogram::getTotalCount))
                .as("the untagged total of each interval").containsExactly(3L, 1L, 0L);
        Histogram first = intervals.stream().filter(h -> "catalog".equals(h.getTag())).findFirst().orElseThrow();
        assertThat(first.getTotalCount()).isEqualTo(2);
        assertThat(first.getMaxValue()).isBetween(3_996_000L, 4_004_000L);
        assertThat(first.getEndTimeStamp() - first.getStartTimeStamp()).isEqualTo(1000);
    }

    @Test
    void everyCompletedIntervalIsReadableBeforeTheLogIsClosed() throws Exception {
        Path file = dir.resolve("open.hlog");
        IntervalLatencyLog log = new IntervalLatencyLog(file, clock::get);
        log.record("catalog", 1_000_000);
        clock.addAndGet(1000);
        log.writeInterval();

        assertThat(read(file)).hasSize(2).allSatisfy(h -> assertThat(h.getTotalCount()).isEqualTo(1));
        log.close();
    }

    /**
     * The README promises that HdrHistogram's own tool reads the log as it is, without {@code -tag}:
     * it reads only untagged lines and throws a NullPointerException on a log without any.
     */
    @Test
    void hdrHistogramsOwnLogProcessorReadsTheLogWithoutATag() throws Exception {
        Path file = dir.resolve("latency.hlog");
        try (IntervalLatencyLog log = new IntervalLatencyLog(file, clock::get)) {
            for (int ms = 1; ms <= 990; ms++) {
                log.record("catalog", ms * 1_000_000L);
            }
            for (int i = 0; i < 10; i++) {
                log.record("profile.ko", 5_000_000_000L);
            }
            for (int i = 0; i < 1000; i++) {
                log.record("catalog" + LatencyTag.Kind.ATTEMPT.suffix(), 20_000_000_000L);
            }
            clock.addAndGet(1000);
            log.writeInterval();
            clock.addAndGet(1000);
        }
        Path out = dir.resolve("processed");

        new HistogramLogProcessor(new String[] {"-i", file.toString(), "-o", out.toString()}).run();

        String distribution = Files.readString(Path.of(out + ".hgrm"));
        assertThat(distribution).as("every logical request once, attempts left out")
                .containsPattern("#\\[Max +=\\s+5\\d{3}\\.\\d+, Total count +=\\s+1000\\]");
        assertThat(valueAt(distribution, 0.5)).isBetween(499.0, 501.0);
        assertThat(valueAt(distribution, 0.95)).isBetween(949.0, 951.0);
    }

    @Test
    void tagsThatWouldCorruptTheLogAreRefused() throws Exception {
        try (IntervalLatencyLog log = new IntervalLatencyLog(dir.resolve("bad.hlog"), clock::get)) {
            assertThatThrownBy(() -> log.record("two words", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.record("a,b", 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void intervalOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> IntervalLatencyLog.start(dir.resolve("x.hlog"), 5))
                .hasMessageContaining("10..60000");
    }

    /** The value (ms) of the first line of an .hgrm percentile distribution at or above {@code percentile}. */
    private static double valueAt(String hgrm, double percentile) {
        return hgrm.lines().map(String::trim).filter(l -> !l.isEmpty() && Character.isDigit(l.charAt(0)))
                .map(l -> l.split("\\s+"))
                .filter(f -> f.length == 4 && Double.parseDouble(f[1]) >= percentile)
                .mapToDouble(f -> Double.parseDouble(f[0])).findFirst().orElseThrow();
    }

    private static List<Histogram> read(Path file) throws FileNotFoundException {
        List<Histogram> intervals = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            intervals.add((Histogram) h);
        }
        reader.close();
        return intervals;
    }
}
