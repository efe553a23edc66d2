package io.soakrig.analysis.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.memory.MemorySample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cells of a retry-amplification experiment: which were played when ({@code cells.json}),
 * and what each measured — attempts per logical request at every layer, goodput, p99 and error
 * rate — from the cell's own latency log and the stubs' request counters over the cell's time.
 */
public final class ExperimentCells {
    public static final String CELLS = "cells";
    static final String INDEX = "cells.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A cell as played: its id (its directory under {@code cells/}), its settings and its time span. */
    public record Played(String id, String retry, double failure, long startMillis, long endMillis) {
    }

    /**
     * What one cell measured.
     *
     * @param retry            the client retry policy's name
     * @param failure          the share of requests the stubs were asked to fail
     * @param logicalRequests  requests the clients wanted answered
     * @param amplification    attempts arriving at each layer per logical request: {@code client},
     *                         then each stub target by its own count over the cell
     * @param goodputPerSecond successful logical requests per second
     * @param p99Ms            p99 of successful logical requests, retries and back-off included; null without any
     * @param errorRate        failed logical requests / logical requests
     */
    public record Cell(String retry, double failure, long logicalRequests, Map<String, Double> amplification,
                       Double goodputPerSecond, Double p99Ms, Double errorRate) {
    }

    private ExperimentCells() {
    }

    /** Rewrites the index atomically, so a reader never sees half of it. */
    public static void write(Path runDir, List<Played> played) throws IOException {
        Path tmp = runDir.resolve(INDEX + ".tmp");
        JSON.writeValue(tmp.toFile(), played);
        Files.move(tmp, runDir.resolve(INDEX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Every played cell's figures, in play order; empty when the run was not an experiment. */
    public static List<Cell> read(Path runDir, List<MemorySample> samples) throws IOException {
        Path index = runDir.resolve(INDEX);
        if (!Files.exists(index)) {
            return List.of();
        }
        List<Played> played = JSON.readValue(index.toFile(), new TypeReference<List<Played>>() { });
        List<Cell> cells = new ArrayList<>();
        for (Played p : played) {
            LatencyRecording latency = LatencyRecording.read(runDir.resolve(CELLS).resolve(p.id()).resolve("latency.hlog"));
            long logical = latency.requests();
            Map<String, Double> amplification = new LinkedHashMap<>();
            if (logical > 0) {
                amplification.put("client", round((double) latency.attempts() / logical));
                served(samples, p).forEach((target, n) -> amplification.put(target, round((double) n / logical)));
            }
            double seconds = (p.endMillis() - p.startMillis()) / 1000.0;
            Double p99 = Percentiles.of(latency.succeeded()).p99();
            cells.add(new Cell(p.retry(), p.failure(), logical, amplification,
                    latency.spanSeconds() > 0 ? round((logical - latency.errors()) / latency.spanSeconds()) : seconds > 0 ? 0.0 : null,
                    p99, logical == 0 ? null : round((double) latency.errors() / logical)));
        }
        return cells;
    }

    /**
     * Requests each stub target served during the cell: its counter at the first reading after
     * the cell ended minus its counter at the last reading before it began (instances summed).
     */
    static Map<String, Long> served(List<MemorySample> samples, Played p) {
        Map<String, long[]> byInstance = new TreeMap<>();
        for (MemorySample s : samples) {
            if (s.requestsServed() < 0) {
                continue;
            }
            long[] span = byInstance.computeIfAbsent(s.target(), t -> new long[] {0, -1});
            if (s.epochMillis() <= p.startMillis()) {
                span[0] = s.requestsServed();
            } else if (s.epochMillis() >= p.endMillis() && span[1] < 0) {
                span[1] = s.requestsServed();
            }
        }
        Map<String, Long> served = new TreeMap<>();
        byInstance.forEach((label, span) -> {
            if (span[1] >= 0) {
                served.merge(MemorySample.targetOf(label), span[1] - span[0], Long::sum);
            }
        });
        return served;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
