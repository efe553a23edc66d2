package io.soakrig.bench.selfsoak;

import io.soakrig.contract.NativeHeapTrim;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One JVM of the self-soak (the harness, or its Gatling JVM) and everything the soak keeps about
 * it: its GC log, the full collections asked of it and the live sets they left, its native memory
 * summaries, its peak RSS. Everything the soak does to a JVM once a second is in {@link #sample}.
 */
final class SampledJvm {
    private static final double MIB = 1024.0 * 1024.0;

    /** Whether the JVMs sampled, which run on this JVM's JDK ({@code SelfSoak} starts them so), can trim their C heap. */
    static final boolean TRIMS = !NativeHeapTrim.options(Runtime.version()).isEmpty();

    /**
     * One full-collection reading: the live set and the RSS right after it, once the C heap has
     * been trimmed too where the JDK can ({@link NativeHeapTrim}): the JVM then holds its live set
     * in both heaps, as the full collection alone leaves it for the Java heap. Without that the
     * reading falls anywhere in the 10 s between two of the JVM's own trims, several MiB apart.
     */
    record LiveReading(GcLogTail.LiveSet liveSet, long rssBytes) {
        long liveBytes() {
            return liveSet.bytes();
        }
    }

    private final String name;
    private final long pid;
    private final GcLogTail gcLog;
    private final long firstSeenMillis;
    private final String trimThreshold;
    private final List<LiveReading> live = new ArrayList<>();
    private long peakRssBytes = -1;
    private long nextFullGcMillis;
    private long nextNativeSummaryMillis;
    private Process collecting;
    private Process trimming;
    private Untrimmed untrimmed;
    private Process summarising;
    private OptionalLong goneAtMillis = OptionalLong.empty();

    /**
     * @param name     the target name its samples carry ({@code harness}, {@code gatling})
     * @param gcDir    where every JVM of the soak writes {@code gc-PID.log}
     * @param nowMillis when it was first seen: its full collections and summaries are timed from here
     */
    SampledJvm(String name, long pid, Path gcDir, long nowMillis) {
        this.name = name;
        this.pid = pid;
        this.gcLog = new GcLogTail(gcDir.resolve("gc-" + pid + ".log"));
        this.firstSeenMillis = nowMillis;
        this.trimThreshold = trimThreshold(pid);
        this.nextFullGcMillis = nowMillis + SelfSoak.LIVE_SET_PERIOD_SECONDS * 1000;
        this.nextNativeSummaryMillis = nowMillis + 30_000;
    }

    String name() {
        return name;
    }

    long firstSeenMillis() {
        return firstSeenMillis;
    }

    /** glibc's trim threshold in the environment it was started with ({@link NativeHeapTrim#environment}). */
    String trimThreshold() {
        return trimThreshold;
    }

    long peakRssBytes() {
        return peakRssBytes;
    }

    List<LiveReading> live() {
        return Collections.unmodifiableList(live);
    }

    /** When the soak first found it gone; empty while it runs. */
    OptionalLong goneAtMillis() {
        return goneAtMillis;
    }

    /**
     * This second's work: its RSS and heap after the last collection into {@code samples}, the
     * live sets of full collections since the last second into {@code liveLog} (each with the RSS
     * once the C heap's trim asked after it is done), and a full collection or a native memory
     * summary asked for when one is due (never a second one while the last is still going). A JVM
     * that is gone is only noted.
     */
    void sample(long nowMillis, long soakStartMillis, MemorySampleLog samples, Writer liveLog, Path out) throws IOException {
        Optional<Long> rss = rssBytes();
        if (rss.isEmpty()) {
            if (goneAtMillis.isEmpty()) {
                goneAtMillis = OptionalLong.of(nowMillis);
            }
            return;
        }
        gcLog.poll();
        samples.append(new MemorySample(nowMillis, name, "self-pid", -1, gcLog.afterGcBytes(), rss.get(), gcLog.invocations(), -1, -1));
        peakRssBytes = Math.max(peakRssBytes, rss.get());
        if (ended(collecting) && ended(trimming)) {
            if (untrimmed != null) {
                record(untrimmed.liveSet(), OptionalLong.of(untrimmed.rssBytes()), liveLog);
                untrimmed = null;
            }
            List<GcLogTail.LiveSet> liveSets = gcLog.drainLiveSets();
            for (int i = 0; i < liveSets.size(); i++) {
                if (TRIMS && i == liveSets.size() - 1) {
                    untrimmed = new Untrimmed(liveSets.get(i), rss.get());
                    trimming = jcmd(out.resolve("jcmd.log"), "System.trim_native_heap");
                } else {
                    record(liveSets.get(i), OptionalLong.empty(), liveLog);
                }
            }
        }
        if (nowMillis >= nextFullGcMillis && ended(collecting) && ended(trimming) && untrimmed == null) {
            collecting = jcmd(out.resolve("jcmd.log"), "GC.run");
            nextFullGcMillis += SelfSoak.LIVE_SET_PERIOD_SECONDS * 1000;
        }
        if (nowMillis >= nextNativeSummaryMillis && (summarising == null || !summarising.isAlive())) {
            Path nmt = out.resolve("native-memory-" + name + ".txt");
            Files.writeString(nmt, String.format(Locale.ROOT, "=== %d (%.1f min)%n", nowMillis, (nowMillis - soakStartMillis) / 60_000.0),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            summarising = jcmd(nmt, "VM.native_memory", "summary");
            nextNativeSummaryMillis += SelfSoak.NATIVE_MEMORY_PERIOD_SECONDS * 1000;
        }
    }

    /** A full collection's live set and the RSS right after it, before the C heap's trim. */
    private record Untrimmed(GcLogTail.LiveSet liveSet, long rssBytes) {
    }

    private static boolean ended(Process jcmd) {
        return jcmd == null || !jcmd.isAlive();
    }

    /**
     * Records a live set with the RSS read now, in one read of the JVM's status with its parts (so
     * after the trim, where one was asked for and has ended); {@code rssBeforeTrim} is the RSS read
     * before that trim, empty when none was asked. A JVM gone by now leaves no reading.
     */
    private void record(GcLogTail.LiveSet l, OptionalLong rssBeforeTrim, Writer liveLog) throws IOException {
        List<String> status = procStatus();
        long rss = statusBytes(status, "VmRSS:");
        if (rss < 0) {
            return;
        }
        live.add(new LiveReading(l, rss));
        liveLog.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%d,%d%n", l.epochMillis(), name, l.fullCount(), l.bytes(), rss,
                statusBytes(status, "RssAnon:"), statusBytes(status, "RssFile:"), rssBeforeTrim.orElse(rss)));
        liveLog.flush();
    }

    /** Stops a {@code jcmd} still running at the end. */
    void stopAsking() {
        Stream.of(collecting, trimming, summarising).filter(p -> p != null).forEach(Process::destroy);
    }

    /** A line for the soak's minute-by-minute progress. */
    String status() {
        return String.format(Locale.ROOT, "%s rss %.1f MiB heap-after-gc %.1f MiB (%d GCs) live %.2f MiB (%d full)", name,
                rssBytes().orElse(-1L) / MIB, gcLog.afterGcBytes() / MIB, gcLog.invocations(),
                live.isEmpty() ? -1 : live.get(live.size() - 1).liveBytes() / MIB, gcLog.fullCount());
    }

    /**
     * Runs {@code jcmd PID COMMAND...} without waiting for it, its output appended to {@code log};
     * a JVM that is ending simply does not answer. {@code GC.run} is a full collection ({@code
     * System.gc()}, which G1 runs as a full, compacting collection); {@code VM.native_memory summary}
     * is what Native Memory Tracking (on in every JVM of the soak) counts per category.
     */
    private Process jcmd(Path log, String... command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder.start();
    }

    private Optional<Long> rssBytes() {
        long bytes = statusBytes(procStatus(), "VmRSS:");
        return bytes < 0 ? Optional.empty() : Optional.of(bytes);
    }

    /** The JVM's {@code /proc/<pid>/status}; empty once it has gone. */
    private List<String> procStatus() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code kB} figure of {@code /proc/<pid>/status} in bytes, -1 where the line is missing.
     * The RSS is split into its anonymous part (heap, malloc, stacks) and its file-backed part
     * (mapped jars and libraries), so that a step in the RSS can be told apart.
     */
    static long statusBytes(List<String> status, String key) {
        for (String line : status) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replaceAll("\\D+", "")) * 1024;
            }
        }
        return -1;
    }

    private static String trimThreshold(long pid) {
        String prefix = NativeHeapTrim.TRIM_THRESHOLD_VARIABLE + "=";
        try {
            return Stream.of(Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.ISO_8859_1).split("\0"))
                    .filter(entry -> entry.startsWith(prefix))
                    .map(entry -> entry.substring(prefix.length()))
                    .findFirst()
                    .orElse("unset: glibc raises it by itself");
        } catch (IOException e) {
            return "unread (" + e + ")";
        }
    }
}
