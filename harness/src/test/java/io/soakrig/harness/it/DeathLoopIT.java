package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.experiment.ExperimentCells;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.cells.CellsIndex;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The April 2025 death loop on real stubs, judged from the run's events: the filter reorder
 * crashes the perimeter; with its fixed heap above the container limit and clients retrying
 * without back-off, every restart is OOM-killed again; with the heap aligned under the limit,
 * the overload manager sheds with 503 and nothing is killed.
 *
 * <p>Before the push both perimeters run the profile's normal traffic, and there the seed's
 * misconfiguration must be invisible: no exit, no kill, no shedding, and the crashed process's
 * peak memory (the cgroup's high-water mark, in its exit event) well under its limit.
 *
 * <p>The loop is judged by its shape, not its pace: after the crash every restart that ends is
 * OOM-killed, at least twice, and the summary says the loop did not break. How many turns fit in a
 * cell is the restart's JVM start-up time, which a starved machine stretches from about 2 s to 13 s
 * (measured with a busy loop on one core and builds on the other: two turns in the 30 s after the
 * push).
 */
@Tag("integration")
class DeathLoopIT {
    /**
     * The most of its limit the misaligned perimeter may use under normal traffic, in percent. The
     * model keeps it near half (the JVM's baseline plus the connections of steady traffic), as the
     * seed's Envoy peaked at 1.5 of 3 GiB; a process this close to its limit before the flood would
     * make the loop a matter of timing.
     */
    private static final long NORMAL_TRAFFIC_PEAK_SHARE = 70;

    @TempDir
    Path tmp;

    @Test
    void aMisalignedHeapLoopsUnderImmediateRetriesAndAnAlignedOneShedsInstead() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("death-loop-matrix.yaml").toString(),
                "--cells", "misaligned-immediate-x1,aligned-immediate-x1", "--out", run.toString());
        assertThat(soakrig.awaitExit(Duration.ofMinutes(4))).as(soakrig.output()).isZero();

        List<RunEvent> events = RunEventLog.read(RunLayout.of(run).events());
        List<CellsIndex.Played> cells = CellsIndex.read(RunLayout.of(run).cellsIndex());
        assertThat(cells).hasSize(2);
        for (CellsIndex.Played cell : cells) {
            assertThat(beforePush(events, cell)).as("normal traffic in %s (started %d, pushed %d): nothing happens to the perimeter",
                            cell.id(), cell.startMillis(), pushedAt(cell))
                    .filteredOn(e -> e.type() != RunEvent.Type.STARTED).isEmpty();
        }
        List<RunEvent> misaligned = afterPush(events, cells.get(0));
        List<RunEvent> aligned = afterPush(events, cells.get(1));

        RunEvent crash = misaligned.stream().filter(e -> e.type() == RunEvent.Type.EXITED).findFirst().orElseThrow(
                () -> new AssertionError("the latent bug fires on the push: no EXITED after it in " + misaligned));
        EventDetail.Exited exited = (EventDetail.Exited) crash.detail();
        assertThat(exited.exitCode()).as("the abort").isEqualTo(134);
        long peak = exited.peakBytes();
        long limit = exited.limitBytes();
        System.out.printf("DeathLoopIT: the misaligned perimeter peaked at %d of its %d bytes before the push (%d%%); cell %s started %d, pushed %d; after the push %s%n",
                peak, limit, peak * 100 / limit, cells.get(0).id(), cells.get(0).startMillis(), pushedAt(cells.get(0)),
                timeline(misaligned, pushedAt(cells.get(0))));
        if (peak >= 0) {
            assertThat(peak).as("peak memory under normal traffic, invisible below the limit of %d bytes", limit)
                    .isLessThan(NORMAL_TRAFFIC_PEAK_SHARE * limit / 100);
        }
        String loop = timeline(misaligned, pushedAt(cells.get(0)));
        assertThat(count(misaligned, RunEvent.Type.OOM_KILLED)).as("a restart killed by the memory limit, and the next one again: %s", loop)
                .isGreaterThanOrEqualTo(2);
        assertThat(misaligned.stream().filter(e -> e.type() == RunEvent.Type.EXITED))
                .as("after the crash, every restart that ends is ended by the limit: %s", loop).containsExactly(crash);

        assertThat(count(aligned, RunEvent.Type.OOM_KILLED)).as("aligned: no kill").isZero();
        assertThat(count(aligned, RunEvent.Type.SHEDDING_STARTED)).as("aligned: the overload manager sheds").isPositive();
        assertThat(aligned.stream().filter(e -> e.type() == RunEvent.Type.SHEDDING_STOPPED)
                .mapToLong(e -> ((EventDetail.SheddingStopped) e.detail()).rejected()).sum()).as("requests answered 503").isPositive();

        Summary summary = SummaryJson.read(run);
        List<ExperimentCells.Cell> judged = summary.experiment();
        assertThat(judged).extracting(ExperimentCells.Cell::id).containsExactly("misaligned-immediate-x1", "aligned-immediate-x1");
        assertThat(judged.get(0).incident().oomKills()).isEqualTo(count(misaligned, RunEvent.Type.OOM_KILLED));
        assertThat(judged.get(0).incident().loopBroke()).as("misaligned: the loop does not break by itself").isFalse();
        assertThat(judged.get(1).incident().shedRequests()).isPositive();
        assertThat(judged.get(1).incident().availability()).isGreaterThan(judged.get(0).incident().availability());
    }

    /** The perimeter's events from the cell's start to its incident push. */
    private static List<RunEvent> beforePush(List<RunEvent> events, CellsIndex.Played cell) {
        long start = cell.startMillis();
        long pushed = pushedAt(cell);
        return events.stream().filter(e -> e.epochMillis() >= start && e.epochMillis() < pushed && e.target().equals("perimeter")).toList();
    }

    /** The cell's events from its incident push to its end. */
    private static List<RunEvent> afterPush(List<RunEvent> events, CellsIndex.Played cell) {
        long pushed = pushedAt(cell);
        long end = cell.endMillis();
        assertThat(pushed).as("the incident was pushed in cell " + cell.id()).isPositive();
        return events.stream().filter(e -> e.epochMillis() >= pushed && e.epochMillis() <= end && e.target().equals("perimeter")).toList();
    }

    private static long pushedAt(CellsIndex.Played cell) {
        return cell.incidentMillis() == null ? 0 : cell.incidentMillis();
    }

    /** The events as "+ms TYPE" from the push, for a failure message that shows the loop's pace. */
    private static String timeline(List<RunEvent> events, long pushed) {
        return events.stream().map(e -> "+" + (e.epochMillis() - pushed) + "ms " + e.type()).toList().toString();
    }

    private static long count(List<RunEvent> events, RunEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).count();
    }
}
