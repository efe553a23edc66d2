package io.soakrig.contract.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

/**
 * The fast reader gives what HdrHistogram's own {@link HistogramLogReader} gives, interval by
 * interval: tag, time span, count, every percentile and the totals they add up to — for every
 * precision, unit, range and value the library can write, and for the encodings it decodes itself.
 */
class LatencyLogReaderTest {
    private static final double[] PERCENTILES = {0, 0.1, 1, 25, 50, 75, 90, 99, 99.9, 99.99, 100};

    @Test
    void everyIntervalReadsAsHdrHistogramReadsIt() {
        SplittableRandom random = new SplittableRandom(3);
        for (int log = 0; log < 40; log++) {
            List<Histogram> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                written.add(randomInterval(random, i));
            }
            byte[] bytes = write(written, log % 3);

            List<Histogram> expected = libraryRead(bytes);
            List<Histogram> read = new ArrayList<>();
            List<long[]> percentiles = new ArrayList<>();
            List<Histogram> totals = new ArrayList<>();
            boolean truncated = LatencyLogReader.forEach(new ByteArrayInputStream(bytes), interval -> {
                read.add(interval.toHistogram());
                Histogram total = new Histogram(3);
                interval.addTo(total);
                totals.add(total);
                percentiles.add(Arrays.stream(PERCENTILES).mapToLong(interval::valueAtPercentile).toArray());
            });

            assertThat(truncated).isFalse();
            assertThat(read).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                Histogram e = expected.get(i);
                Histogram r = read.get(i);
                String what = "log " + log + " interval " + i;
                assertThat(r.getTag()).as(what).isEqualTo(e.getTag());
                assertThat(r.getStartTimeStamp()).as(what).isEqualTo(e.getStartTimeStamp());
                assertThat(r.getEndTimeStamp()).as(what).isEqualTo(e.getEndTimeStamp());
                assertThat(r.getTotalCount()).as(what).isEqualTo(e.getTotalCount());
                assertThat(percentiles.get(i)).as(what).containsExactly(Arrays.stream(PERCENTILES).mapToLong(e::getValueAtPercentile).toArray());
                Histogram libraryTotal = new Histogram(3);
                libraryTotal.add(e);
                assertThat(totals.get(i)).as(what).isEqualTo(libraryTotal);
                assertThat(totals.get(i).getMaxValue()).as(what).isEqualTo(libraryTotal.getMaxValue());
                assertThat(totals.get(i).getMinNonZeroValue()).as(what).isEqualTo(libraryTotal.getMinNonZeroValue());
                assertThat(totals.get(i).getStartTimeStamp()).as(what).isEqualTo(libraryTotal.getStartTimeStamp());
                assertThat(totals.get(i).getEndTimeStamp()).as(what).isEqualTo(libraryTotal.getEndTimeStamp());
            }
        }
    }

    @Test
    void aLogTornAtAnyByteKeepsTheIntervalsBeforeTheCutAndSaysItWasCut() {
        SplittableRandom random = new SplittableRandom(5);
        List<Histogram> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            written.add(randomInterval(random, i));
        }
        byte[] whole = write(written, 0);
        List<Histogram> tagged = written.stream().filter(h -> h.getTag() != null).toList();
        String text = new String(whole, StandardCharsets.US_ASCII);
        int lastLineStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        for (int cut = 0; cut < whole.length; cut++) {
            List<Long> counts = new ArrayList<>();
            boolean truncated = LatencyLogReader.forEach(new ByteArrayInputStream(Arrays.copyOf(whole, cut)), h -> counts.add(h.totalCount()));

            assertThat(counts.size()).as("cut at %d", cut).isLessThanOrEqualTo(tagged.size());
            for (int i = 0; i < counts.size(); i++) {
                assertThat(counts.get(i)).as("cut at %d", cut).isEqualTo(tagged.get(i).getTotalCount());
            }
            if (cut > lastLineStart + 4 && cut < whole.length - 1) {
                assertThat(truncated).as("cut at %d, inside the last line", cut).isTrue();
            }
        }
        assertThat(LatencyLogReader.forEach(new ByteArrayInputStream(whole), h -> { })).isFalse();
    }

    private static Histogram randomInterval(SplittableRandom random, int i) {
        int digits = 1 + random.nextInt(5);
        long lowest = new long[] {1, 1, 3, 1000, 1024, 1 << 20}[random.nextInt(6)];
        Histogram h = lowest == 1 && random.nextBoolean() ? new Histogram(digits) : new Histogram(lowest, 3_600_000_000_000L, digits);
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(300);
        for (int k = 0; k < n; k++) {
            long v = switch (random.nextInt(4)) {
                case 0 -> random.nextLong(100);
                case 1 -> random.nextLong(1_000_000_000L);
                case 2 -> (long) (2e6 * Math.exp(random.nextGaussian()));
                default -> random.nextLong(3_000_000_000_000L);
            };
            h.recordValueWithCount(v, 1 + random.nextInt(3));
        }
        if (random.nextInt(8) == 0 && !h.isAutoResize() && h.getMaxValue() < h.getHighestTrackableValue() / 4) {
            h.shiftValuesLeft(1);
        }
        h.setTag(random.nextInt(10) == 0 ? null : "t" + random.nextInt(4));
        h.setStartTimeStamp(1_795_000_000_000L + i * 1000L + random.nextInt(7));
        h.setEndTimeStamp(1_795_000_000_000L + (i + 1) * 1000L + random.nextInt(7));
        return h;
    }

    /** {@code header}: 0 base and start time as IntervalLatencyLog writes them, 1 start time only, 2 neither. */
    private static byte[] write(List<Histogram> intervals, int header) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.US_ASCII)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputComment("a comment");
            if (header == 0) {
                writer.setBaseTime(1_795_000_000_000L);
                writer.outputBaseTime(1_795_000_000_000L);
            }
            if (header <= 1) {
                writer.outputStartTime(1_795_000_000_000L);
            }
            writer.outputLegend();
            intervals.forEach(writer::outputIntervalHistogram);
        }
        return bytes.toByteArray();
    }

    private static List<Histogram> libraryRead(byte[] bytes) {
        List<Histogram> read = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(bytes));
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            if (h.getTag() != null) {
                read.add((Histogram) h);
            }
        }
        return read;
    }
}
