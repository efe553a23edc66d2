package io.soakrig.analysis.latency;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Logical requests the load generator started against those its latency log recorded. The log
 * holds only requests that ended — answered, failed, timed out; one still open when the generator
 * stopped is in no interval, and without this count it would vanish from the error rate. Started
 * minus recorded, per tag, is what never finished: those count as failed requests.
 *
 * <p>The started counts come from {@value #FILE}, which the simulation writes when it ends
 * ({@code {"version": 1, "started": {"<tag>": n, ...}}}, tags as in the latency log without the
 * {@code .ko} suffix). A run without a readable one, or whose log recorded more requests under a
 * tag than were started there, cannot be reconciled: {@link #problem()} says why, and no verdict
 * may rest on its error rate.
 *
 * @param started         logical requests started, null when the counts cannot be reconciled
 * @param recorded        logical requests in the latency log, failed and timed-out ones included
 * @param unfinished      started minus recorded, null when the counts cannot be reconciled
 * @param unfinishedByTag the unfinished requests of each tag that has any
 * @param problem         why the counts cannot be reconciled, null when they are
 */
@JsonPropertyOrder({"started", "recorded", "unfinished", "unfinishedByTag", "problem"})
public record RequestAccounting(Long started, long recorded, Long unfinished, Map<String, Long> unfinishedByTag, String problem) {
    public static final String FILE = "requests.json";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public RequestAccounting {
        unfinishedByTag = unfinishedByTag == null ? Map.of() : Map.copyOf(unfinishedByTag);
    }

    /** Reconciles {@code runDir}'s started counts with what {@code latency} recorded. */
    public static RequestAccounting read(Path runDir, LatencyRecording latency) {
        long recorded = latency.requests();
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            return unreconciled(recorded, "the load generator left no count of the requests it started (" + FILE
                    + "): it did not end cleanly, and requests still open then are missing from the recording");
        }
        Map<String, Long> started;
        try {
            started = startedCounts(JSON.readTree(file.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            return unreconciled(recorded, FILE + " is unreadable: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return reconcile(started, latency);
    }

    /** Started counts per tag against the latency log's. */
    static RequestAccounting reconcile(Map<String, Long> started, LatencyRecording latency) {
        Map<String, Long> unfinished = new TreeMap<>();
        long startedTotal = 0;
        for (Map.Entry<String, Long> e : started.entrySet()) {
            String tag = e.getKey();
            long recorded = recordedUnder(latency, tag);
            if (recorded > e.getValue()) {
                return unreconciled(latency.requests(), String.format(Locale.ROOT,
                        "the latency log recorded %d '%s' requests but only %d were started", recorded, tag, e.getValue()));
            }
            if (recorded < e.getValue()) {
                unfinished.put(tag, e.getValue() - recorded);
            }
            startedTotal += e.getValue();
        }
        for (String tag : latency.endpoints()) {
            if (!started.containsKey(tag)) {
                return unreconciled(latency.requests(), "the latency log recorded '" + tag + "' requests, but none were started");
            }
        }
        return new RequestAccounting(startedTotal, latency.requests(), startedTotal - latency.requests(), unfinished, null);
    }

    private static RequestAccounting unreconciled(long recorded, String problem) {
        return new RequestAccounting(null, recorded, null, Map.of(), problem);
    }

    private static long recordedUnder(LatencyRecording latency, String tag) {
        return latency.tag(tag).getTotalCount() + latency.tag(tag + LatencyRecording.FAILED_SUFFIX).getTotalCount();
    }

    private static Map<String, Long> startedCounts(JsonNode root) {
        if (root == null || !root.path("version").isInt() || root.get("version").asInt() != VERSION) {
            throw new IllegalArgumentException("expected \"version\": " + VERSION);
        }
        JsonNode started = root.path("started");
        if (!started.isObject()) {
            throw new IllegalArgumentException("expected \"started\": an object of counts per tag");
        }
        Map<String, Long> counts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = started.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber() || e.getValue().asLong() < 0) {
                throw new IllegalArgumentException("started count of '" + e.getKey() + "' is not a count: " + e.getValue());
            }
            counts.put(e.getKey(), e.getValue().asLong());
        }
        return counts;
    }

    /** Whether started and recorded requests could be reconciled. */
    public boolean reconciled() {
        return problem == null;
    }

    /** Logical requests of the run: started ones when known, else those recorded. */
    public long requests() {
        return started == null ? recorded : started;
    }

    /** Requests that never finished, 0 when unknown. */
    public long unfinishedOrZero() {
        return unfinished == null ? 0 : unfinished;
    }

    /** The unfinished requests of {@code tag}, 0 when none. */
    public long unfinishedOf(String tag) {
        return unfinishedByTag.getOrDefault(tag, 0L);
    }
}
