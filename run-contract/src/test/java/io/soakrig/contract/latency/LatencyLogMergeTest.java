package io.soakrig.contract.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyLogMergeTest {
    static final long START = 1_795_966_268_953L;
    static final long INTERVAL = 1000;

    @TempDir
    Path tmp;

    @Test
    void theMergedIntervalIsTheExactSumOfTheWorkersIntervalsPerTag() throws Exception {
        List<Path> logs = List.of(tmp.resolve("w0.hlog"), tmp.resolve("w1.hlog"), tmp.resolve("w2.hlog"));
        Map<String, Histogram> expected = new TreeMap<>();
        for (int w = 0; w < logs.size(); w++) {
            writeWorkerLog(logs.get(w), new Random(w), 5, expected);
        }
        Path merged = tmp.resolve("latency.hlog");
        try (LatencyLogMerge merge = LatencyLogMerge.create(merged, logs, START, INTERVAL)) {
            merge.finish();
        }

        Map<String, Histogram> read = readByIntervalAndTag(merged);
        assertThat(read.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, sum) -> {
            Histogram got = read.get(key);
            assertThat(got.getTotalCount()).as(key).isEqualTo(sum.getTotalCount());
            assertThat(got.getMaxValue()).as(key).isEqualTo(sum.getMaxValue());
            assertThat(got.getValueAtPercentile(99)).as(key).isEqualTo(sum.getValueAtPercentile(99));
            assertThat(got).as(key + ": every count of every bucket").isEqualTo(sum);
        });
    }

    @Test
    void anIntervalIsWrittenOnlyOnceEveryRunningWorkerHasGonePastIt() throws Exception {
        Path fast = tmp.resolve("fast.hlog");
        Path slow = tmp.resolve("slow.hlog");
        writeWorkerLog(fast, new Random(1), 6, new TreeMap<>());
        writeWorkerLog(slow, new Random(2), 2, new TreeMap<>());
        try (LatencyLogMerge merge = LatencyLogMerge.create(tmp.resolve("latency.hlog"), List.of(fast, slow), START, INTERVAL)) {
            merge.poll(List.of());
            assertThat(merge.intervalsWritten()).as("the slow worker has delivered intervals 0 and 1: only 0 is complete").isEqualTo(1);
            assertThat(merge.lastInterval(0)).isEqualTo(5);
            assertThat(merge.lastInterval(1)).isEqualTo(1);
            merge.poll(Set.of(1));
            assertThat(merge.intervalsWritten()).as("the slow worker ended: nothing more will come from it").isEqualTo(5);
            merge.finish();
            assertThat(merge.intervalsWritten()).isEqualTo(6);
        }
    }

    @Test
    void aLogReadWhileItGrowsIsMergedLikeTheWholeLog() throws Exception {
        Path worker = tmp.resolve("w.hlog");
        writeWorkerLog(worker, new Random(3), 4, new TreeMap<>());
        byte[] whole = Files.readAllBytes(worker);
        Path growing = tmp.resolve("growing.hlog");
        Path merged = tmp.resolve("latency.hlog");
        try (LatencyLogMerge merge = LatencyLogMerge.create(merged, List.of(growing), START, INTERVAL)) {
            for (int cut : new int[] {40, whole.length / 3, whole.length / 2 + 7, whole.length}) {
                Files.write(growing, java.util.Arrays.copyOf(whole, cut));
                merge.poll(List.of());
            }
            merge.finish();
        }
        assertThat(readByIntervalAndTag(merged)).isEqualTo(readByIntervalAndTag(worker));
    }

    @Test
    void theMergedLogIsReadByHdrHistogramsOwnLogProcessor() throws Exception {
        List<Path> logs = List.of(tmp.resolve("w0.hlog"), tmp.resolve("w1.hlog"));
        Map<String, Histogram> expected = new TreeMap<>();
        for (int w = 0; w < logs.size(); w++) {
            writeWorkerLog(logs.get(w), new Random(10 + w), 3, expected);
        }
        Path merged = tmp.resolve("latency.hlog");
        try (LatencyLogMerge merge = LatencyLogMerge.create(merged, logs, START, INTERVAL)) {
            merge.finish();
        }
        Path out = tmp.resolve("processed");
        new HistogramLogProcessor(new String[] {"-i", merged.toString(), "-o", out.toString()}).run();

        long total = expected.entrySet().stream().filter(e -> e.getKey().endsWith(" ")).mapToLong(e -> e.getValue().getTotalCount()).sum();
        String summary = Files.readString(Path.of(out + ".hgrm"));
        assertThat(summary).contains("Total count    =" + String.format("%13d", total) + "]");
    }

    /**
     * A worker's log as {@link IntervalLatencyLog#startAligned} writes it: {@code intervals}
     * intervals on the grid, two tags and the untagged total; each interval also added to
     * {@code sums} under {@code <k> <tag>} (the total under {@code <k> } with an empty tag).
     */
    static void writeWorkerLog(Path file, Random random, int intervals, Map<String, Histogram> sums) throws Exception {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.US_ASCII)) {
            org.HdrHistogram.HistogramLogWriter writer = new org.HdrHistogram.HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.setBaseTime(START);
            writer.outputBaseTime(START);
            writer.outputStartTime(START);
            writer.outputLegend();
            for (int k = 0; k < intervals; k++) {
                Histogram total = new Histogram(3);
                for (String tag : List.of("catalog", "catalog.try")) {
                    Histogram h = new Histogram(3);
                    for (int i = random.nextInt(200); i > 0; i--) {
                        h.recordValue(1_000_000 + random.nextInt(50_000_000));
                    }
                    h.setTag(tag);
                    h.setStartTimeStamp(START + k * INTERVAL);
                    h.setEndTimeStamp(START + (k + 1) * INTERVAL);
                    writer.outputIntervalHistogram(h);
                    if (!tag.endsWith(".try")) {
                        total.add(h);
                    }
                    sums.computeIfAbsent(k + " " + tag, x -> new Histogram(3)).add(h);
                }
                total.setStartTimeStamp(START + k * INTERVAL);
                total.setEndTimeStamp(START + (k + 1) * INTERVAL);
                writer.outputIntervalHistogram(total);
                sums.computeIfAbsent(k + " ", x -> new Histogram(3)).add(total);
            }
        }
    }

    /** Every interval of {@code log} by {@code <k> <tag>}, k counted from {@link #START}. */
    static Map<String, Histogram> readByIntervalAndTag(Path log) throws Exception {
        Map<String, Histogram> byKey = new TreeMap<>();
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            long k = Math.round((h.getStartTimeStamp() - START) / (double) INTERVAL);
            Histogram copy = new Histogram(3);
            copy.add((Histogram) h);
            byKey.put(k + " " + (h.getTag() == null ? "" : h.getTag()), copy);
        }
        reader.close();
        return byKey;
    }
}
