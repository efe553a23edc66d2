package io.soakrig.simulations.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
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
                .containsExactlyInAnyOrder("catalog", "profile.ko", "catalog", "profile.ko", "catalog", "profile.ko");
        assertThat(intervals.stream().mapToLong(Histogram::getTotalCount).sum()).isEqualTo(4);
        Histogram first = intervals.stream().filter(h -> h.getTag().equals("catalog")).findFirst().orElseThrow();
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

        assertThat(read(file)).singleElement().satisfies(h -> assertThat(h.getTotalCount()).isEqualTo(1));
        log.close();
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
