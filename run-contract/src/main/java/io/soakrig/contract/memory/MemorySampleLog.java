package io.soakrig.contract.memory;

import io.soakrig.contract.io.CsvColumns;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code memory-samples.csv}: one line per sample, flushed as it is written so that a run killed
 * at any moment keeps every sample taken. The header names every column; {@code gc_aware_bytes}
 * is the figure the growth fit uses (see {@link MemorySample#gcAwareBytes()}).
 */
public final class MemorySampleLog implements AutoCloseable {
    public static final String HEADER = CsvColumns.header("epoch_ms", "target", "source", "heap_used_bytes",
            "heap_after_gc_bytes", "rss_bytes", "gc_count", "requests_served", "metric_bytes", "gc_aware_bytes",
            "limit_bytes", "keys");

    private final BufferedWriter out;

    private MemorySampleLog(BufferedWriter out) {
        this.out = out;
    }

    /** Creates (or truncates) {@code file} and writes the header. */
    public static MemorySampleLog create(Path file) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        out.write(HEADER);
        out.newLine();
        out.flush();
        return new MemorySampleLog(out);
    }

    /** Appends one sample and flushes it. Thread-safe. */
    public synchronized void append(MemorySample s) throws IOException {
        out.write(s.epochMillis() + "," + s.target() + "," + s.source() + "," + s.heapUsedBytes() + ","
                + s.heapAfterGcBytes() + "," + s.rssBytes() + "," + s.gcCount() + "," + s.requestsServed() + ","
                + s.metricBytes() + "," + s.gcAwareBytes() + "," + s.limitBytes() + "," + s.keys());
        out.newLine();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /**
     * Reads every complete sample of {@code file}; a missing file has none, and a partial last
     * line (a run killed mid-write) is skipped. Columns are found by the header's names, so a
     * log written before a column existed still reads, the column's figure as -1 (unknown). The
     * file is read line by line, never whole: a day's log is tens of megabytes.
     */
    public static List<MemorySample> read(Path file) throws IOException {
        List<MemorySample> samples = new ArrayList<>();
        if (!Files.exists(file)) {
            return samples;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                return samples;
            }
            CsvColumns columns = CsvColumns.ofHeader(header);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = columns.fields(line);
                if (f == null) {
                    continue;
                }
                try {
                    samples.add(new MemorySample(columns.number(f, "epoch_ms", -1), columns.text(f, "target"),
                            columns.text(f, "source"), columns.number(f, "heap_used_bytes", -1),
                            columns.number(f, "heap_after_gc_bytes", -1), columns.number(f, "rss_bytes", -1),
                            columns.number(f, "gc_count", -1), columns.number(f, "requests_served", -1),
                            columns.number(f, "metric_bytes", -1), columns.number(f, "limit_bytes", -1),
                            columns.number(f, "keys", -1)));
                } catch (IllegalArgumentException partial) {
                    // a line cut short by a kill: its fields do not parse, and it is not a sample
                }
            }
        }
        return samples;
    }
}
