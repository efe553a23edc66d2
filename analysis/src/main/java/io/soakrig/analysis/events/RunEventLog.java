package io.soakrig.analysis.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 */
public final class RunEventLog implements AutoCloseable {
    public static final String FILE = "events.jsonl";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final BufferedWriter out;

    private RunEventLog(BufferedWriter out) {
        this.out = out;
    }

    public static RunEventLog append(Path runDir) throws IOException {
        return new RunEventLog(Files.newBufferedWriter(runDir.resolve(FILE), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** Writes one event and flushes it. Thread-safe. */
    public synchronized void write(RunEvent event) {
        try {
            out.write(JSON.writeValueAsString(event));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    public static List<RunEvent> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        List<RunEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                events.add(JSON.readValue(line, RunEvent.class));
            } catch (IOException partial) {
                // a line cut short by a kill is not an event
            }
        }
        return events;
    }
}
