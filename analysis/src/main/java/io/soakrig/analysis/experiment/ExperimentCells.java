package io.soakrig.analysis.experiment;

import io.soakrig.analysis.latency.EndpointOutcomes;
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
import java.util.TreeMap;

/**
 * The cells of an experiment: which were played when ({@code cells.json}, {@link CellsIndex}), and what each
 * measured — attempts per logical request at every layer, goodput, p99 and error rate — from the
 * cell's own latency log and the stubs' request counters over the cell's time; and, when the
 * profile pushes an incident, what it did to the cell ({@link IncidentOutcome}).
 */
public final class ExperimentCells {
    public static final String CELLS = RunLayout.CELLS;
    public static final String INDEX = RunLayout.CELLS_INDEX;
    /** The memory source of a Redis target's samples ({@code INFO memory}). */
    static final String REDIS_SOURCE = "redis-info";

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
     * @param variant          the system variant's name, or null
     * @param successAtEnd     per endpoint, the share of its logical requests that succeeded in the
     *                         cell's last quarter: what the cell's system settled into (did logins stay up?)
     * @param redisPeak        per Redis target, its highest {@code used_memory} over {@code maxmemory} in the cell
     */
    public record Cell(String id, String retry, Double failure, String memory, Integer instances, long logicalRequests,
                       Map<String, Double> amplification, Double goodputPerSecond, Double p99Ms, Double errorRate,
                       IncidentOutcome incident, String variant, Map<String, Double> successAtEnd, Map<String, Double> redisPeak) {
    }

    private ExperimentCells() {
    }

    /** Every played cell's figures, in play order; empty when the run was not an experiment. */
    public static List<Cell> read(Path runDir, List<MemorySample> samples, List<RunEvent> events) throws IOException {
        RunLayout run = RunLayout.of(runDir);
        List<Cell> cells = new ArrayList<>();
        for (Played p : CellsIndex.read(run.cellsIndex())) {
            Path log = run.cell(p.id()).latencyLog();
            EndpointOutcomes outcomes = new EndpointOutcomes();
            LatencyRecording latency = LatencyRecording.read(log, outcomes::add);
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
                    p99, logical == 0 ? null : round((double) latency.errors() / logical), incident, p.variant(),
                    successAtEnd(outcomes, p), redisPeak(samples, p)));
        }
        return cells;
    }

    /** Per endpoint, successful over ended logical requests in the last quarter of the cell; endpoints with none left out. */
    static Map<String, Double> successAtEnd(EndpointOutcomes outcomes, Played p) {
        long from = p.endMillis() - (p.endMillis() - p.startMillis()) / 4;
        Map<String, Double> shares = new LinkedHashMap<>();
        outcomes.byEndpoint().forEach((endpoint, points) -> {
            long ok = points.stream().filter(x -> x.startMillis() >= from).mapToLong(EndpointOutcomes.Point::ok).sum();
            long failed = points.stream().filter(x -> x.startMillis() >= from).mapToLong(EndpointOutcomes.Point::failed).sum();
            if (ok + failed > 0) {
                shares.put(endpoint, round((double) ok / (ok + failed)));
            }
        });
        return shares;
    }

    /** Per Redis target, the highest {@code used_memory} / {@code maxmemory} sampled during the cell. */
    static Map<String, Double> redisPeak(List<MemorySample> samples, Played p) {
        Map<String, Double> peaks = new TreeMap<>();
        samples.stream().filter(s -> REDIS_SOURCE.equals(s.source()) && s.limitBytes() > 0 && s.metricBytes() >= 0
                        && s.epochMillis() >= p.startMillis() && s.epochMillis() <= p.endMillis())
                .forEach(s -> peaks.merge(s.target(), round((double) s.metricBytes() / s.limitBytes()), Math::max));
        return peaks;
    }

    /** Requests each stub target served during the cell (see {@link RequestsServed}). */
    static Map<String, Long> served(List<MemorySample> samples, Played p) {
        return RequestsServed.between(samples, p.startMillis(), p.endMillis());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
