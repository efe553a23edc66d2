package io.soakrig.bench.selfsoak;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.leak.MemoryFloor;
import io.soakrig.analysis.leak.TrendStatistics;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * soakrig soaking itself: runs {@code soakrig run PROFILE} and, once a second for as long as it
 * runs, samples the resident set size and the heap after the last collection of the harness JVM
 * and of its Gatling JVM, then judges each of those four series with soakrig's own leak detector.
 *
 * <p>RSS is read from {@code /proc/<pid>/status}, as soakrig's {@code pid} memory source does.
 * Heap after GC is what each JVM's collector itself printed after each pause: every JVM of the
 * run is started with {@code JAVA_TOOL_OPTIONS=-Xlog:gc+heap=debug:file=gc/gc-%p.log}, which the
 * harness's children inherit, and {@link GcLogTail} follows the logs of the two JVMs sampled.
 * The samples land in {@code self-samples.csv} in the run directory contract's
 * {@code memory-samples.csv} format and are judged from that file.
 *
 * <p>Goal per series: the detector calls NO_LEAK, and the growth of the memory floor over the
 * whole run after {@link #WARM_UP_SECONDS} (Theil–Sen slope, Sen's 95 % interval widened for
 * autocorrelation) has an upper bound below 1 MiB/hour. Exit 0 when every series meets it, 1 when
 * one does not, 3 when the harness could not be sampled.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.soakrig.bench.selfsoak.SelfSoak SOAKRIG_HOME PROFILE OUT_DIR</pre>
 */
public final class SelfSoak {
    /** Class loading, JIT compilation and pools filling up: left out of the whole-run growth. */
    static final double WARM_UP_SECONDS = 120;
    /** The growth every series must stay below with confidence, MiB per hour. */
    static final double GOAL_MB_PER_HOUR = 1.0;
    private static final String HARNESS = "harness";
    private static final String GATLING = "gatling";
    private static final double MIB = 1024.0 * 1024.0;

    private SelfSoak() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SelfSoak SOAKRIG_HOME PROFILE OUT_DIR");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path profile = Path.of(args[1]).toAbsolutePath();
        Path out = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
        Path gcDir = Files.createDirectories(out.resolve("gc"));
        Path samples = out.resolve("self-samples.csv");

        Process harness = startHarness(home, profile, out, gcDir);
        long started = System.currentTimeMillis();
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put(HARNESS, harness.pid());
        Map<String, GcLogTail> gcLogs = new LinkedHashMap<>();
        Map<String, Long> peakRss = new LinkedHashMap<>();
        Long gatlingExitedAt = null;
        try (MemorySampleLog log = MemorySampleLog.create(samples)) {
            long next = System.currentTimeMillis();
            long nextStatus = next + 60_000;
            while (harness.isAlive()) {
                if (!pids.containsKey(GATLING)) {
                    gatlingPid(harness).ifPresent(pid -> pids.put(GATLING, pid));
                }
                long now = System.currentTimeMillis();
                for (Map.Entry<String, Long> p : pids.entrySet()) {
                    Optional<Long> rss = rssBytes(p.getValue());
                    if (rss.isEmpty()) {
                        if (GATLING.equals(p.getKey()) && gatlingExitedAt == null) {
                            gatlingExitedAt = now;
                        }
                        continue;
                    }
                    GcLogTail gc = gcLogs.computeIfAbsent(p.getKey(), k -> new GcLogTail(gcDir.resolve("gc-" + p.getValue() + ".log")));
                    gc.poll();
                    log.append(new MemorySample(now, p.getKey(), "self-pid", -1, gc.afterGcBytes(), rss.get(),
                            gc.invocations(), -1, -1));
                    peakRss.merge(p.getKey(), rss.get(), Math::max);
                }
                if (now >= nextStatus) {
                    System.out.printf(Locale.ROOT, "[self-soak] %d min: %s%n", (now - started) / 60_000, status(pids, gcLogs));
                    nextStatus += 60_000;
                }
                next += 1000;
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            }
        }
        int harnessExit = harness.waitFor();
        long ended = System.currentTimeMillis();

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "harness exited %d after %.1f min; run directory %s", harnessExit,
                (ended - started) / 60_000.0, out.resolve("run")));
        boolean allMet = pids.containsKey(GATLING);
        if (!allMet) {
            lines.add("the Gatling JVM was never seen: no verdict on it");
        }
        List<MemorySample> read = MemorySampleLog.read(samples);
        for (String target : pids.keySet()) {
            List<MemorySample> series = read.stream().filter(s -> s.target().equals(target)).toList();
            allMet &= judge(target, "heap-after-gc", series, MemorySample::heapAfterGcBytes, lines);
            allMet &= judge(target, "rss", series, MemorySample::rssBytes, lines);
            lines.add(String.format(Locale.ROOT, "  %s peak RSS %.1f MiB", target, peakRss.getOrDefault(target, -1L) / MIB));
        }
        lines.addAll(gatlingArtefacts(out.resolve("run"), gatlingExitedAt, ended));
        lines.add(allMet ? "GOAL MET: every series NO_LEAK, whole-run growth below " + GOAL_MB_PER_HOUR + " MiB/hour"
                : "GOAL NOT MET (see above)");
        Files.write(out.resolve("self-soak.txt"), lines);
        lines.forEach(System.out::println);
        System.exit(read.isEmpty() ? 3 : allMet ? 0 : 1);
    }

    private static Process startHarness(Path home, Path profile, Path out, Path gcDir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classpath = home.resolve("harness/target/soakrig.jar") + ":" + home.resolve("harness/target/lib") + "/*";
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Dsoakrig.home=" + home, "-cp", classpath,
                "io.soakrig.harness.cli.SoakrigCli", "run", profile.toString(), "--out", out.resolve("run").toString())
                .redirectOutput(out.resolve("harness.out").toFile())
                .redirectError(out.resolve("harness.err").toFile());
        builder.environment().put("JAVA_TOOL_OPTIONS",
                "-Xlog:gc+heap=debug:file=" + gcDir + "/gc-%p.log:timemillis:filecount=0");
        return builder.start();
    }

    /**
     * The Gatling JVM among the harness's descendants, once it runs: the one whose command line
     * names Gatling's main class. Read from {@code /proc/<pid>/cmdline}, which holds the whole
     * command line ({@link ProcessHandle.Info#arguments()} is empty for one as long as a JVM's).
     */
    private static Optional<Long> gatlingPid(Process harness) {
        return harness.descendants()
                .map(ProcessHandle::pid)
                .filter(pid -> commandLine(pid).contains("\0io.gatling.app.Gatling\0"))
                .findFirst();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    private static Optional<Long> rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("\\D+", "")) * 1024);
                }
            }
            return Optional.empty();
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String status(Map<String, Long> pids, Map<String, GcLogTail> gcLogs) {
        StringBuilder s = new StringBuilder();
        for (String target : pids.keySet()) {
            GcLogTail gc = gcLogs.get(target);
            s.append(String.format(Locale.ROOT, "%s rss %.1f MiB heap-after-gc %.1f MiB (%d GCs)  ", target,
                    rssBytes(pids.get(target)).orElse(-1L) / MIB, gc == null ? -1 : gc.afterGcBytes() / MIB,
                    gc == null ? -1 : gc.invocations()));
        }
        return s.toString().trim();
    }

    /** One series' leak call and whole-run growth, as a report line; true when it meets the goal. */
    static boolean judge(String target, String signal, List<MemorySample> samples, ToLongFunction<MemorySample> figure,
                         List<String> lines) {
        List<MemorySample> known = samples.stream().filter(s -> figure.applyAsLong(s) >= 0).toList();
        if (known.size() < 3) {
            lines.add(String.format(Locale.ROOT, "%s %s: %d readings, no call", target, signal, known.size()));
            return false;
        }
        long t0 = known.get(0).epochMillis();
        double[] seconds = known.stream().mapToDouble(s -> (s.epochMillis() - t0) / 1000.0).toArray();
        double[] mb = known.stream().mapToDouble(s -> figure.applyAsLong(s) / MIB).toArray();
        LeakDetector.Assessment call = new LeakDetector(LeakDetector.Config.DEFAULTS).judge(seconds, mb);
        MemoryFloor.Floors floors = MemoryFloor.of(seconds, mb, WARM_UP_SECONDS, LeakDetector.Config.DEFAULTS.windowSeconds());
        TrendStatistics.Trend growth = floors.points().size() < 3 ? null : TrendStatistics.of(
                floors.points().stream().mapToDouble(p -> p[0] / 3600).toArray(),
                floors.points().stream().mapToDouble(p -> p[1]).toArray(), 0.95, true);
        boolean met = call.decision() == LeakDetector.Decision.NO_LEAK && growth != null && growth.upper() < GOAL_MB_PER_HOUR;
        lines.add(String.format(Locale.ROOT,
                "%s %s: %s (detector: recent %s MiB/min, look %d at %.0f s, %s); whole run after %.0f s: %s; %.1f -> %.1f MiB over %d readings, %s",
                target, signal, call.decision(), call.trend() == null ? "-" : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]",
                        call.trend().slope(), call.trend().lower(), call.trend().upper()),
                call.look(), call.atSeconds(), call.floor(), WARM_UP_SECONDS,
                growth == null ? "too short" : String.format(Locale.ROOT, "%+.2f MiB/hour [%+.2f, %+.2f] over %d floors",
                        growth.slope(), growth.lower(), growth.upper(), growth.n()),
                mb[0], mb[mb.length - 1], known.size(), met ? "meets the goal" : "DOES NOT MEET the goal"));
        return met;
    }

    /** What Gatling's own recording and report came to, and how long its JVM outlived the traffic. */
    private static List<String> gatlingArtefacts(Path run, Long gatlingExitedAt, long harnessEnded) throws IOException {
        List<String> lines = new ArrayList<>();
        Path gatling = run.resolve("gatling");
        if (!Files.isDirectory(gatling)) {
            lines.add("no gatling/ folder in the run directory");
            return lines;
        }
        long simulationLog = 0;
        long report = 0;
        try (Stream<Path> files = Files.walk(gatling)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().equals("simulation.log")) {
                    simulationLog += Files.size(f);
                } else {
                    report += Files.size(f);
                }
            }
        }
        lines.add(String.format(Locale.ROOT, "gatling/: simulation.log %.1f MB, HTML report %.1f MB; Gatling JVM exited %s",
                simulationLog / 1e6, report / 1e6,
                gatlingExitedAt == null ? "with the harness" : String.format(Locale.ROOT, "%.1f s before the harness", (harnessEnded - gatlingExitedAt) / 1000.0)));
        return lines;
    }
}
