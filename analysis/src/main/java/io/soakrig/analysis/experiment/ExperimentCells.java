package io.soakrig.analysis.experiment;

import io.soakrig.analysis.latency.IntervalCounts;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.cells.CellsIndex;
import io.soakrig.contract.cells.CellsIndex.Played;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.analysis.memory.RequestsServed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of an experiment: which were played when ({@code cells.json}, {@link CellsIndex}), and what each
 * measured — attempts per logical request at every layer, goodput, p99 and error rate — from the
 * cell's own latency log and the stubs' request counters over the cell's time; and, when the
 * profile pushes an incident, what it did to the cell ({@link IncidentOutcome}).
 */
public final class ExperimentCells {
    public static final String CELLS = RunLayout.CELLS;
    public static final String INDEX = RunLayout.CELLS_INDEX;

    /**
     * What one cell measured.
     *
     * @param id               the cell's id
     * @param retry            the client retry policy's name
     * @param failure          the share of requests the stubs were asked to fail, or null
     * @param memory           the memory variant's name, or null
     * @param instances        the varied target's instance count, or null
     * @param logicalRequests  requests the clients wanted answered
     * @param amplification    attempts arriving at each layer per logical request: {@code client},
     *                         then each stub target by its own count over the cell
     * @param goodputPerSecond successful logical requests per second
     * @param p99Ms            p99 of successful logical requests, retries and back-off included; null without any
     * @param errorRate        failed logical requests / logical requests
     * @param incident         what the incident did, or null when none was pushed
     */
    public record Cell(String id, String retry, Double failure, String memory, Integer instances, long logicalRequests,
                       Map<String, Double> amplification, Double goodputPerSecond, Double p99Ms, Double errorRate,
                       IncidentOutcome incident) {
    }

    private ExperimentCells() {
    }

    /** Every played cell's figures, in play order; empty when the run was not an experiment. */
    public static List<Cell> read(Path runDir, List<MemorySample> samples, List<RunEvent> events) throws IOException {
        RunLayout run = RunLayout.of(runDir);
        List<Cell> cells = new ArrayList<>();
        for (Played p : CellsIndex.read(run.cellsIndex())) {
            Path log = run.cell(p.id()).latencyLog();
            LatencyRecording latency = LatencyRecording.read(log);
            long logical = latency.requests();
            Map<String, Double> amplification = new LinkedHashMap<>();
            if (logical > 0) {
                amplification.put("client", round((double) latency.attempts() / logical));
                served(samples, p).forEach((target, n) -> amplification.put(target, round((double) n / logical)));
            }
            double seconds = (p.endMillis() - p.startMillis()) / 1000.0;
            Double p99 = Percentiles.of(latency.succeeded()).p99();
            IncidentOutcome incident = p.incidentMillis() == null ? null : IncidentOutcome.of(events, p.incidentTargets(),
                    IntervalCounts.read(log), p.incidentMillis(), p.startMillis(), p.endMillis());
            cells.add(new Cell(p.id(), p.retry(), p.failure(), p.memory(), p.instances(), logical, amplification,
                    latency.spanSeconds() > 0 ? round((logical - latency.errors()) / latency.spanSeconds()) : seconds > 0 ? 0.0 : null,
                    p99, logical == 0 ? null : round((double) latency.errors() / logical), incident));
        }
        return cells;
    }

    /** Requests each stub target served during the cell (see {@link RequestsServed}). */
    static Map<String, Long> served(List<MemorySample> samples, Played p) {
        return RequestsServed.between(samples, p.startMillis(), p.endMillis());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
