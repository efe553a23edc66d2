package io.soakrig.contract.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code requests.json}: logical requests started, per request key, written by the simulation
 * when it ends and read by the analysis to find requests that never finished:
 * <pre>{@code {"version": 1, "started": {"catalog": 300, "profile": 100}}}</pre>
 * Keys are {@link io.soakrig.contract.latency.LatencyTag#request() requests} of the latency log:
 * tags without their kind's suffix. The file is replaced atomically, never half-written.
 */
public final class StartedRequestsFile {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StartedRequestsFile() {
    }

    /** Replaces {@code file} with {@code counts} (written in name order). */
    public static void write(Path file, Map<String, Long> counts) throws IOException {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("version", VERSION);
        written.put("started", new TreeMap<>(counts));
        AtomicFiles.replace(file, partial -> JSON.writeValue(partial.toFile(), written));
    }

    /**
     * The started counts of {@code file}, per request key in name order.
     *
     * @throws IOException              when the file cannot be read or is not JSON
     * @throws IllegalArgumentException when it is JSON of another shape or version, saying what was expected
     */
    public static Map<String, Long> read(Path file) throws IOException {
        return counts(JSON.readTree(file.toFile()));
    }

    private static Map<String, Long> counts(JsonNode root) {
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
}
