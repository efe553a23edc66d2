package io.soakrig.analysis.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.latency.EndpointOutcomes;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.cells.CellsIndex;
import io.soakrig.contract.memory.MemorySample;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCellsTest {
    @TempDir
    Path run;

    @Test
    void eachCellIsMeasuredFromItsOwnLogAndTheCountersOverItsSpan() throws Exception {
        writeCell("immediate-p0.50", 1000, 200, 1750);
        writeCell("none-p0.50", 1000, 500, 1000);
        CellsIndex.write(RunLayout.of(run).cellsIndex(), List.of(
                new CellsIndex.Played("immediate-p0.50", "immediate", 0.5, null, null, 10_000, 20_000, null, null, null),
                new CellsIndex.Played("none-p0.50", "none", 0.5, null, null, 21_000, 31_000, null, null, null)));
        List<MemorySample> samples = new ArrayList<>();
        counter(samples, "backend#0", 9_000, 100);
        counter(samples, "backend#1", 9_000, 100);
        counter(samples, "backend#0", 20_500, 100 + 900);
        counter(samples, "backend#1", 20_500, 100 + 850);
        counter(samples, "backend#0", 31_500, 1000 + 500);
        counter(samples, "backend#1", 31_500, 950 + 500);

        List<ExperimentCells.Cell> cells = ExperimentCells.read(run, samples, List.of());

        assertThat(cells).extracting(ExperimentCells.Cell::retry).containsExactly("immediate", "none");
        ExperimentCells.Cell first = cells.get(0);
        assertThat(first.logicalRequests()).isEqualTo(1000);
        assertThat(first.amplification()).containsEntry("client", 1.75).containsEntry("backend", 1.75);
        assertThat(first.errorRate()).isEqualTo(0.2);
        assertThat(first.goodputPerSecond()).isEqualTo(80.0);
        assertThat(cells.get(1).amplification()).containsEntry("client", 1.0).containsEntry("backend", 1.0);
    }

    @Test
    void aCounterResetByARestartCountsFromZeroInsteadOfGoingNegative() {
        List<MemorySample> samples = new ArrayList<>();
        counter(samples, "perimeter", 9_000, 5_000);
        counter(samples, "perimeter", 12_000, 5_300);
        counter(samples, "perimeter", 15_000, 40);
        counter(samples, "perimeter", 20_500, 240);

        CellsIndex.Played cell = new CellsIndex.Played("c", "immediate", null, null, null, 10_000, 20_000, null, null, null);

        assertThat(ExperimentCells.served(samples, cell)).containsEntry("perimeter", 300L + 40 + 200);
    }

    @Test
    void aCellSaysHowEachEndpointEndedAndHowFullItsRedisGot() {
        CellsIndex.Played cell = new CellsIndex.Played("as-is-immediate", "immediate", null, null, null, 10_000, 20_000, null, null, "as-is");
        EndpointOutcomes outcomes = new EndpointOutcomes();
        outcomes.add(interval("login", 10_000, 50));
        outcomes.add(interval("login", 17_600, 1));
        outcomes.add(interval("login.ko", 17_600, 9));
        outcomes.add(interval("stream", 12_000, 5));
        List<MemorySample> samples = List.of(
                new MemorySample(9_000, "sessions", ExperimentCells.REDIS_SOURCE, -1, -1, 1, -1, -1, 900, 1000, 1),
                new MemorySample(15_000, "sessions", ExperimentCells.REDIS_SOURCE, -1, -1, 1, -1, -1, 700, 1000, 1),
                new MemorySample(19_000, "sessions", ExperimentCells.REDIS_SOURCE, -1, -1, 1, -1, -1, 500, 1000, 1),
                new MemorySample(19_000, "user", "stub-admin", 1, 1, 1, 1, 1, -1, 4000, -1));

        assertThat(ExperimentCells.successAtEnd(outcomes, cell)).as("the last quarter only; stream ended nothing there")
                .containsExactly(java.util.Map.entry("login", 0.1));
        assertThat(ExperimentCells.redisPeak(samples, cell)).as("within the cell, Redis only").containsExactly(java.util.Map.entry("sessions", 0.7));
    }

    private static Histogram interval(String tag, long start, int count) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(1_000_000, count);
        h.setTag(tag);
        h.setStartTimeStamp(start);
        h.setEndTimeStamp(start + 1000);
        return h;
    }

    @Test
    void aRunThatIsNotAnExperimentHasNoCells() throws Exception {
        assertThat(ExperimentCells.read(run, List.of(), List.of())).isEmpty();
    }

    private static void counter(List<MemorySample> samples, String target, long at, long served) {
        samples.add(new MemorySample(at, target, "stub-admin", 1, 1, 1, 1, served, -1));
    }

    /** A cell's latency log over 10 s: {@code requests} logical requests, {@code failed} of them failed, {@code attempts} attempts. */
    private void writeCell(String id, int requests, int failed, int attempts) throws Exception {
        Path dir = Files.createDirectories(run.resolve("cells").resolve(id));
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("latency.hlog")))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.setBaseTime(0);
            for (String tag : List.of("track", "track.ko", "track.try")) {
                Histogram h = new Histogram(3);
                h.recordValueWithCount(2_000_000, tag.equals("track") ? requests - failed : tag.equals("track.ko") ? failed : attempts);
                h.setTag(tag);
                h.setStartTimeStamp(0);
                h.setEndTimeStamp(10_000);
                writer.outputIntervalHistogram(h);
            }
        }
    }
}
