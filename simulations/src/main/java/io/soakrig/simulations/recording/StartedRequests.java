package io.soakrig.simulations.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logical requests started, per tag, written as {@code requests.json} when the simulation ends:
 * <pre>{@code {"version": 1, "started": {"catalog": 300, "profile": 100}}}</pre>
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
    public static final String FILE = "requests.json";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

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

    /** Writes the counts so far to {@code runDir}'s {@value #FILE}, replacing it atomically. */
    public void write(Path runDir) {
        Path target = runDir.resolve(FILE);
        Path partial = runDir.resolve(FILE + ".partial");
        try {
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("version", VERSION);
            written.put("started", counts());
            JSON.writeValue(partial.toFile(), written);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
