package io.soakrig.analysis.memory;

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
    static final String HEADER = "epoch_ms,target,source,heap_used_bytes,heap_after_gc_bytes,rss_bytes,gc_count,requests_served,metric_bytes,gc_aware_bytes";

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
                + s.metricBytes() + "," + s.gcAwareBytes());
        out.newLine();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /**
     * Reads every complete sample of {@code file}; a missing file has none, and a partial last
     * line (a run killed mid-write) is skipped.
     */
    public static List<MemorySample> read(Path file) throws IOException {
        List<MemorySample> samples = new ArrayList<>();
        if (!Files.exists(file)) {
            return samples;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length != 10) {
                continue;
            }
            try {
                samples.add(new MemorySample(Long.parseLong(f[0]), f[1], f[2], Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8])));
            } catch (NumberFormatException partial) {
                // a line cut short by a kill: its fields do not parse, and it is not a sample
            }
        }
        return samples;
    }
}
