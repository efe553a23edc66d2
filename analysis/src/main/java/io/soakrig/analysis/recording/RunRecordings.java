package io.soakrig.analysis.recording;

import io.soakrig.analysis.experiment.ExperimentCells;
import io.soakrig.analysis.latency.EndpointOutcomes;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.latency.SuccessIntervals;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a run directory recorded, read once: what the verdict is judged from and what the
 * report draws. Judging and rendering both take this value, so neither reads a file again and
 * both see the same recordings, even of a run whose files are still growing.
 *
 * @param latency     the latency log's totals per tag
 * @param successes   the latency log's successful requests interval by interval, per endpoint
 * @param outcomes    the latency log's successes, failures and attempts interval by interval, per endpoint
 * @param samples     every memory sample, in file order
 * @param events      the run's process events
 * @param arrivals    intended and started arrivals per second and population, null without an arrival log
 * @param accounting  started against recorded requests; null for an experiment, whose cells have their own logs
 * @param cells       an experiment's cells with their figures, in play order; empty otherwise
 */
public record RunRecordings(LatencyRecording latency, SuccessIntervals successes, EndpointOutcomes outcomes, List<MemorySample> samples,
                            List<RunEvent> events, Map<String, List<double[]>> arrivals, RequestAccounting accounting,
                            List<ExperimentCells.Cell> cells) {
    /** Reads every recording of {@code runDir}; a missing file is an empty recording. */
    public static RunRecordings read(Path runDir) throws IOException {
        RunLayout layout = RunLayout.of(runDir);
        SuccessIntervals successes = new SuccessIntervals();
        EndpointOutcomes outcomes = new EndpointOutcomes();
        LatencyRecording latency = LatencyRecording.read(layout.latencyLog(), interval -> {
            successes.add(interval);
            outcomes.add(interval);
        });
        List<MemorySample> samples = MemorySampleLog.read(layout.memorySamples());
        List<RunEvent> events = RunEventLog.read(layout.events());
        List<ExperimentCells.Cell> cells = ExperimentCells.read(runDir, samples, events);
        RequestAccounting accounting = cells.isEmpty() ? RequestAccounting.read(runDir, latency) : null;
        return new RunRecordings(latency, successes, outcomes, samples, events, GeneratorCheck.arrivals(runDir), accounting, cells);
    }

    /** Whether the load generator kept to its schedule, null without an arrival log. */
    public GeneratorCheck.Result generator() {
        return arrivals == null ? null : GeneratorCheck.check(arrivals);
    }
}
