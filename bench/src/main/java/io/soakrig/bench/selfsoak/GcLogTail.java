package io.soakrig.bench.selfsoak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's heap after its last collection, read from the JVM's own unified GC log as it grows
 * ({@code -Xlog:gc+heap=debug:file=...}): the figure the collector printed right after each pause,
 * in KiB — not an estimate from pool gauges sampled between collections. Only G1's layout
 * ({@code garbage-first heap ... used NK}), the default collector here, is read; a log of another
 * collector never yields a figure, so its series stays empty rather than wrong.
 */
final class GcLogTail {
    private static final Pattern AFTER = Pattern.compile("Heap after GC invocations=(\\d+)");
    private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");

    private final Path file;
    private long position;
    private final StringBuilder partial = new StringBuilder();
    private long pendingInvocations = -1;
    private long afterGcBytes = -1;
    private long invocations = -1;

    GcLogTail(Path file) {
        this.file = file;
    }

    /** Reads what the JVM appended since the last call. */
    void poll() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= position) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
            in.seek(position);
            in.readFully(bytes);
            position += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
        }
        int end;
        while ((end = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, end));
            partial.delete(0, end + 1);
        }
    }

    private void line(String line) {
        Matcher after = AFTER.matcher(line);
        if (after.find()) {
            pendingInvocations = Long.parseLong(after.group(1));
            return;
        }
        Matcher used = G1_USED.matcher(line);
        if (used.find() && pendingInvocations >= 0) {
            afterGcBytes = Long.parseLong(used.group(1)) * 1024;
            invocations = pendingInvocations;
            pendingInvocations = -1;
        }
    }

    /** Heap in use after the last collection seen, bytes; -1 before the first. */
    long afterGcBytes() {
        return afterGcBytes;
    }

    /** Collections so far as the log counts them; -1 before the first. */
    long invocations() {
        return invocations;
    }
}
