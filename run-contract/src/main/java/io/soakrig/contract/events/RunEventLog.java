package io.soakrig.contract.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.contract.io.LineTail;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code events.jsonl}: one JSON object per line, appended and flushed as events happen, so a run
 * killed at any moment keeps every event before it. A partial last line is skipped on reading.
 *
 * <p>A new file starts with a header line, {@code {"format":"soakrig-events","version":1}}; a
 * file without one (written before the header existed) is version 1 too. The header has none of
 * an event's fields, so readers that predate it skip it as they skip any line that is not an event.
 */
public final class RunEventLog implements AutoCloseable {
    public static final String FORMAT = "soakrig-events";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final BufferedWriter out;

    private RunEventLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens {@code file} for appending, creating it with its header when it is new or empty. */
    public static RunEventLog append(Path file) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh) {
            out.write(JSON.writeValueAsString(new Header(FORMAT, VERSION)));
            out.newLine();
            out.flush();
        }
        return new RunEventLog(out);
    }

    /** Writes one event and flushes it. Thread-safe. */
    public synchronized void write(RunEvent event) {
        try {
            out.write(JSON.writeValueAsString(event));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write events", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /**
     * Every complete event of {@code file}, in file order; none when there is no file.
     *
     * @throws IOException when the file's header says it is a version this reader does not know
     */
    public static List<RunEvent> read(Path file) throws IOException {
        List<RunEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                RunEvent event = parse(file, line);
                if (event != null) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    /**
     * The event of one line; null for the header, a line cut short by a kill, or an event of a
     * kind this reader does not know.
     *
     * @throws IOException when the line is a header naming a version this reader does not know
     */
    private static RunEvent parse(Path file, String line) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException partial) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        if (node.has("format")) {
            if (!FORMAT.equals(node.path("format").asText()) || node.path("version").asInt() != VERSION) {
                throw new IOException(file + ": expected format " + FORMAT + " version " + VERSION + ", found " + line);
            }
            return null;
        }
        try {
            return JSON.treeToValue(node, RunEvent.class);
        } catch (IOException | IllegalArgumentException notAnEvent) {
            return null;
        }
    }

    /**
     * Follows the event log while the run writes it: each poll parses only the events appended
     * since the one before, so a watch that looks every few seconds does not re-read a log that
     * grows with the run.
     */
    public static final class Tail {
        private final Path file;
        private final LineTail lines;

        public Tail(Path file) {
            this.file = file;
            this.lines = new LineTail(file, StandardCharsets.UTF_8);
        }

        /**
         * The complete events appended since the last poll, in file order; none when there is no
         * file. A log written anew is read from its start.
         *
         * @throws IOException when the file's header says it is a version this reader does not know
         */
        public List<RunEvent> poll() throws IOException {
            LineTail.Lines appended = lines.poll();
            List<RunEvent> events = new ArrayList<>();
            if (appended != null) {
                for (String line : appended.lines()) {
                    RunEvent event = parse(file, line);
                    if (event != null) {
                        events.add(event);
                    }
                }
            }
            return events;
        }
    }

    private record Header(String format, int version) {
    }
}
