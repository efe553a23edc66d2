package io.soakrig.simulations.recording;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.requests.StartedRequestsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logical requests started, per tag, written as {@code requests.json} ({@link StartedRequestsFile})
 * when the simulation ends.
 *
 * <p>The latency log holds only requests that ended — answered, failed or timed out. A request
 * still open when the simulation stops (a target that never answers, a timeout longer than the
 * drain) leaves no trace there, so without this count it would simply vanish from the verdict.
 * Started minus recorded, per tag, is what never finished; the analysis counts those as errors,
 * and a run without this file cannot be reconciled at all (its simulation did not end cleanly).
 *
 * <p>Tags are the logical requests' tags of the latency log, without the {@code .ko} suffix:
 * an endpoint's name, with the canary arm's prefix in a canary run. Counting is a wait-free
 * increment, from any thread; the file is replaced atomically, never half-written.
 */
public final class StartedRequests {
    private final Map<String, LongAdder> started = new ConcurrentHashMap<>();

    /** Counts one logical request of {@code tag} starting now. */
    public void started(String tag) {
        LongAdder count = started.get(tag);
        if (count == null) {
            count = started.computeIfAbsent(tag, t -> new LongAdder());
        }
        count.increment();
    }

    /** The counts so far, per tag in name order. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        started.forEach((tag, n) -> counts.put(tag, n.sum()));
        return counts;
    }

    /** Writes the counts so far to {@code runDir}'s {@code requests.json}, replacing it atomically. */
    public void write(Path runDir) {
        Path target = RunLayout.of(runDir).requests();
        try {
            StartedRequestsFile.write(target, counts());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
