package io.soakrig.analysis.latency;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.requests.StartedRequestsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Logical requests the load generator started against those its latency log recorded. The log
 * holds only requests that ended — answered, failed, timed out; one still open when the generator
 * stopped is in no interval, and without this count it would vanish from the error rate. Started
 * minus recorded, per tag, is what never finished: those count as failed requests.
 *
 * <p>The started counts come from {@value #FILE} ({@link StartedRequestsFile}), which the
 * simulation writes when it ends. A run without a readable one, or whose log recorded more requests under a
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
    public static final String FILE = RunLayout.REQUESTS;

    public RequestAccounting {
        unfinishedByTag = unfinishedByTag == null ? Map.of() : Map.copyOf(unfinishedByTag);
    }

    /** Reconciles {@code runDir}'s started counts with what {@code latency} recorded. */
    public static RequestAccounting read(Path runDir, LatencyRecording latency) {
        long recorded = latency.requests();
        Path file = RunLayout.of(runDir).requests();
        if (!Files.exists(file)) {
            return unreconciled(recorded, "the load generator left no count of the requests it started (" + FILE
                    + "): it did not end cleanly, and requests still open then are missing from the recording");
        }
        Map<String, Long> started;
        try {
            started = StartedRequestsFile.read(file);
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
        return latency.tag(tag).getTotalCount() + latency.tag(tag + LatencyTag.Kind.FAILED.suffix()).getTotalCount();
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
