package io.soakrig.bench.selfsoak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's heap after its collections, read from the JVM's own unified GC log as it grows
 * ({@code -Xlog:gc+heap=debug:file=...:timemillis}): the figure the collector printed right after
 * each pause, in KiB — not an estimate from pool gauges sampled between collections. Only G1's
 * layout ({@code garbage-first heap ... used NK}), the default collector here, is read; a log of
 * another collector never yields a figure, so its series stays empty rather than wrong.
 *
 * <p>Two figures come out of it. {@link #afterGcBytes()} is the heap after the last collection of
 * any kind; after a young collection that includes whatever garbage was promoted to the old
 * generation since the last marking, so in a JVM that rarely marks it overstates live data.
 * {@link #drainLiveSets()} gives the heap after each <em>full</em> collection (the log's
 * {@code (full N)} count went up): a full collection marks the whole heap and compacts it, so what
 * it leaves is the live set, whenever it happens.
 */
final class GcLogTail {
    private static final Pattern AFTER = Pattern.compile("^\\[(\\d+)ms\\].*Heap after GC invocations=(\\d+) \\(full (\\d+)\\)");
    private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");

    /**
     * The heap a full collection left: the JVM's live set at {@code epochMillis}.
     *
     * @param epochMillis when the collection ended, as the log's {@code timemillis} stamped it
     * @param bytes       heap in use right after it
     * @param fullCount   full collections so far, this one included
     */
    record LiveSet(long epochMillis, long bytes, long fullCount) {
    }

    private final Path file;
    private long position;
    private final StringBuilder partial = new StringBuilder();
    private long pendingInvocations = -1;
    private long pendingFull = -1;
    private long pendingMillis = -1;
    private long afterGcBytes = -1;
    private long invocations = -1;
    private long fullCount = 0;
    private final List<LiveSet> liveSets = new ArrayList<>();

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
            pendingMillis = Long.parseLong(after.group(1));
            pendingInvocations = Long.parseLong(after.group(2));
            pendingFull = Long.parseLong(after.group(3));
            return;
        }
        Matcher used = G1_USED.matcher(line);
        if (used.find() && pendingInvocations >= 0) {
            afterGcBytes = Long.parseLong(used.group(1)) * 1024;
            invocations = pendingInvocations;
            if (pendingFull > fullCount) {
                fullCount = pendingFull;
                liveSets.add(new LiveSet(pendingMillis, afterGcBytes, fullCount));
            }
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

    /** Full collections so far as the log counts them. */
    long fullCount() {
        return fullCount;
    }

    /** The live sets of the full collections read since the last call, oldest first. */
    List<LiveSet> drainLiveSets() {
        List<LiveSet> drained = List.copyOf(liveSets);
        liveSets.clear();
        return drained;
    }
}
