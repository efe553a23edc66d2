package io.soakrig.bench.selfsoak;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.leak.MemoryFloor;
import io.soakrig.analysis.leak.TrendStatistics;
import io.soakrig.contract.NativeHeapTrim;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
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
 * harness's children inherit, and {@link GcLogTail} follows the logs of the two JVMs sampled. Where
 * the JDK trims its C heap, each trim is logged beside it ({@code gc/trim-%p.log}).
 * The samples land in {@code self-samples.csv} in the run directory contract's
 * {@code memory-samples.csv} format and are judged from that file.
 *
 * <p><b>The live set.</b> Heap after a young collection is not the live set: it still holds the
 * garbage promoted to the old generation since G1 last marked the heap, and a JVM with a large,
 * quiet heap may not mark for hours (the Gatling JVM of a one-hour soak: 29 young collections, no
 * concurrent cycle). Its series then moves with when promotions happen, not with what is retained.
 * Old-generation use after the collector's own cycles has the same flaw: with no cycle there is no
 * figure. So every {@link #LIVE_SET_PERIOD_SECONDS} seconds from the moment each JVM is first
 * seen, SelfSoak asks it for a full collection ({@code jcmd PID GC.run}, G1's {@code System.gc()}:
 * a stop-the-world mark and compaction of the whole heap), and the heap the JVM's log shows after
 * each full collection is the live set ({@link GcLogTail#drainLiveSets()}), in {@code live-set.csv}
 * with the RSS read in the second after it. Where the JDK trims its C heap, the JVM is then asked
 * for a trim too ({@code jcmd PID System.trim_native_heap}) and the RSS is read again once it is
 * done: glibc's freed memory is to the C heap what garbage is to the Java heap, and with the JVM's
 * own trim every 10 s the RSS read at a random moment swings by several MiB. The RSS before that
 * trim is kept beside it ({@code rssBeforeTrimBytes}). Being periodic and uniform from the start, the forced
 * collections are part of how the JVMs run during the whole soak, so they cannot put a one-time
 * step into the series, as a manual {@code jcmd GC.class_histogram} part way through did. The cost
 * is one pause of tens of milliseconds a minute in each JVM. The per-second series (heap after the
 * last collection of any kind, and RSS) are kept in {@code self-samples.csv} and judged as before,
 * for comparison with earlier soaks.
 *
 * <p><b>What grows in the RSS.</b> Every JVM of the soak runs with Native Memory Tracking
 * ({@code -XX:NativeMemoryTracking=summary}), and every {@link #NATIVE_MEMORY_PERIOD_SECONDS}
 * seconds from the start each sampled JVM's {@code jcmd PID VM.native_memory summary} is appended
 * to {@code native-memory-TARGET.txt}: which category (heap, code, metaspace, threads, GC,
 * internal, other) moved. Tracking adds a small header to each native allocation, the same all run.
 *
 * <p><b>Goal.</b> For the live set and for the RSS after each full collection (RSS read at the same
 * point of every minute's memory cycle: right after the heap was compacted and the C heap trimmed): the detector calls
 * NO_LEAK on those points, taken as the series' floors, and their growth has an upper bound below
 * {@link #GOAL_MB_PER_HOUR}, over at least {@link #GOAL_WINDOW_MINUTES} of traffic after the first
 * {@code SETTLE_MINUTES}. A JVM's RSS settles slowly: the JIT compiler fills its code cache and
 * the collector first touches heap regions for half an hour or so (an hour's soak: the harness's
 * code cache grew 11.8 → 19.3 MB in the first 30 min, then not at all), a rise bounded by the code
 * cache's and the heap's size, not a leak. The same series over the whole run after
 * {@link #WARM_UP_SECONDS} is reported beside it, so the settling is seen, not hidden. The growth
 * is the Theil–Sen slope of the points in MiB/hour; its interval is Sen's 95 % interval (the
 * pairwise slopes at ranks (m ∓ z·σ<sub>S</sub>)/2 around the median of the m slopes, σ<sub>S</sub>
 * the Mann–Kendall statistic's standard deviation), σ<sub>S</sub> widened for positive lag-one
 * autocorrelation of the residuals ({@link TrendStatistics}). The per-second series are reported
 * the same way, but do not decide the goal. Exit 0 when every goal series meets it, 1 when one does
 * not, 3 when the harness could not be sampled.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.soakrig.bench.selfsoak.SelfSoak SOAKRIG_HOME PROFILE OUT_DIR SETTLE_MINUTES</pre>
 */
public final class SelfSoak {
    /** Class loading and pools filling up: left out of the whole-run growth, which is reported. */
    static final double WARM_UP_SECONDS = 120;
    /** The growth every series must stay below with confidence, MiB per hour. */
    static final double GOAL_MB_PER_HOUR = 1.0;
    /** The least time the goal is judged over after the JVMs have settled: this many one-minute full collections. */
    static final int GOAL_WINDOW_MINUTES = 60;
    /** How often each JVM is asked for a full collection, whose result is its live set. */
    static final long LIVE_SET_PERIOD_SECONDS = 60;
    /** How often each JVM's native memory summary is written down, to say what in the RSS grows. */
    static final long NATIVE_MEMORY_PERIOD_SECONDS = 300;
    /** How long the launcher may take to {@code exec} the harness JVM (it asks the JDK about the trim first). */
    static final long LAUNCH_SECONDS = 30;
    private static final String HARNESS = "harness";
    private static final String GATLING = "gatling";
    private static final double MIB = 1024.0 * 1024.0;

    private SelfSoak() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[3].matches("[0-9]+")) {
            System.err.println("usage: SelfSoak SOAKRIG_HOME PROFILE OUT_DIR SETTLE_MINUTES (a whole number of minutes)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path profile = Path.of(args[1]).toAbsolutePath();
        Path out = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
        double settleSeconds = Integer.parseInt(args[3]) * 60.0;
        Path gcDir = Files.createDirectories(out.resolve("gc"));
        Path samples = out.resolve("self-samples.csv");

        Process harness = startHarness(home, profile, out, gcDir);
        if (!harnessJvmStarted(harness)) {
            System.err.println("self-soak: ./soakrig " + (harness.isAlive() ? "did not start the harness JVM within " + LAUNCH_SECONDS + " s"
                    : "ended with exit " + harness.exitValue() + " before the harness JVM started") + " (is the tree built?); see " + out.resolve("harness.err"));
            harness.descendants().forEach(ProcessHandle::destroyForcibly);
            harness.destroyForcibly();
            System.exit(3);
        }
        long started = System.currentTimeMillis();
        List<SampledJvm> jvms = new ArrayList<>(List.of(new SampledJvm(HARNESS, harness.pid(), gcDir, started)));
        try (MemorySampleLog log = MemorySampleLog.create(samples);
             BufferedWriter liveLog = Files.newBufferedWriter(out.resolve("live-set.csv"))) {
            liveLog.write("epochMillis,target,fullCollections,liveBytes,rssBytes,rssAnonBytes,rssFileBytes,rssBeforeTrimBytes\n");
            long next = System.currentTimeMillis();
            long nextStatus = next + 60_000;
            while (harness.isAlive()) {
                long now = System.currentTimeMillis();
                if (jvms.size() == 1) {
                    gatlingPid(harness).ifPresent(pid -> jvms.add(new SampledJvm(GATLING, pid, gcDir, now)));
                }
                for (SampledJvm jvm : jvms) {
                    jvm.sample(now, started, log, liveLog, out);
                }
                if (now >= nextStatus) {
                    System.out.printf(Locale.ROOT, "[self-soak] %d min: %s%n", (now - started) / 60_000,
                            String.join("  ", jvms.stream().map(SampledJvm::status).toList()));
                    nextStatus += 60_000;
                }
                next += 1000;
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            }
        }
        jvms.forEach(SampledJvm::stopAsking);
        int harnessExit = harness.waitFor();
        long ended = System.currentTimeMillis();

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "harness exited %d after %.1f min; run directory %s", harnessExit,
                (ended - started) / 60_000.0, out.resolve("run")));
        boolean allMet = jvms.size() == 2;
        if (!allMet) {
            lines.add("the Gatling JVM was never seen: no verdict on it");
        }
        OptionalLong gatlingExitedAt = jvms.size() == 2 ? jvms.get(1).goneAtMillis() : OptionalLong.empty();
        long trafficEnd = gatlingExitedAt.orElse(ended);
        List<MemorySample> read = MemorySampleLog.read(samples);
        for (SampledJvm jvm : jvms) {
            List<MemorySample> series = read.stream().filter(s -> s.target().equals(jvm.name())).toList();
            long t0 = jvm.firstSeenMillis();
            for (Signal signal : Signal.values()) {
                judgePoints(Scope.WHOLE_RUN, jvm.name(), signal, WARM_UP_SECONDS, t0, trafficEnd, jvm.live(), lines);
                allMet &= judgePoints(Scope.GOAL, jvm.name(), signal, settleSeconds, t0, trafficEnd, jvm.live(), lines);
            }
            judge(jvm.name(), "heap-after-gc per second", series, MemorySample::heapAfterGcBytes, lines);
            judge(jvm.name(), "rss per second", series, MemorySample::rssBytes, lines);
            lines.add(String.format(Locale.ROOT, "  %s peak RSS %.1f MiB; %s %s", jvm.name(), jvm.peakRssBytes() / MIB,
                    NativeHeapTrim.TRIM_THRESHOLD_VARIABLE, jvm.trimThreshold()));
        }
        lines.addAll(gatlingArtefacts(out.resolve("run"), gatlingExitedAt, ended));
        lines.add(allMet ? String.format(Locale.ROOT, "GOAL MET: live set and RSS after full GC of both JVMs NO_LEAK, growth below %s MiB/hour "
                        + "over at least %d one-minute full collections after the first %.0f min", GOAL_MB_PER_HOUR, GOAL_WINDOW_MINUTES,
                settleSeconds / 60)
                : "GOAL NOT MET (see above)");
        Files.write(out.resolve("self-soak.txt"), lines);
        lines.forEach(System.out::println);
        System.exit(read.isEmpty() ? 3 : allMet ? 0 : 1);
    }

    /** Whether a line decides the goal or is reported beside it. */
    enum Scope {
        /** After the settling time: decides the goal. */
        GOAL("goal"),
        /** After the first {@link #WARM_UP_SECONDS}: shows the settling, decides nothing. */
        WHOLE_RUN("whole run, reported only");

        final String label;

        Scope(String label) {
            this.label = label;
        }
    }

    /** The two series per JVM the goal is judged on: one point per full collection. */
    enum Signal {
        LIVE_SET("live set (heap after full GC)", SampledJvm.LiveReading::liveBytes),
        RSS_AFTER_FULL_GC("rss after full GC", SampledJvm.LiveReading::rssBytes);

        final String label;
        final ToLongFunction<SampledJvm.LiveReading> figure;

        Signal(String label, ToLongFunction<SampledJvm.LiveReading> figure) {
            this.label = label;
            this.figure = figure;
        }
    }

    /**
     * The harness, started by {@code ./soakrig run} as users start it: the launcher gives it its
     * options for {@code run} (and {@code exec}s, so the process started is the harness JVM). The
     * launcher runs the {@code java} first on the {@code PATH}, which is made this JVM's, so that
     * the JVMs sampled run on the JDK whose {@code jcmd} and trim this soak uses. Native Memory
     * Tracking and the logs come through {@code JAVA_TOOL_OPTIONS}, which every JVM of the soak
     * reads (the launcher's JDK probe too, which leaves a log of its own in {@code gc/}).
     */
    private static Process startHarness(Path home, Path profile, Path out, Path gcDir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("soakrig").toString(), "run", profile.toString(),
                "--out", out.resolve("run").toString())
                .redirectOutput(out.resolve("harness.out").toFile())
                .redirectError(out.resolve("harness.err").toFile());
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment().merge("PATH", javaBin, (path, bin) -> bin + ":" + path);
        builder.environment().put("JAVA_TOOL_OPTIONS",
                "-XX:NativeMemoryTracking=summary -Xlog:gc+heap=debug:file=" + gcDir + "/gc-%p.log:timemillis:filecount=0"
                        + (!SampledJvm.TRIMS ? ""
                                : " -Xlog:trimnative=info:file=" + gcDir + "/trim-%p.log:timemillis:filecount=0"));
        return builder.start();
    }

    /**
     * Whether the launcher has {@code exec}ed the harness JVM within {@link #LAUNCH_SECONDS}: until
     * then its process is the launcher's shell, whose memory is not the harness's.
     */
    private static boolean harnessJvmStarted(Process harness) throws InterruptedException {
        long deadline = System.nanoTime() + LAUNCH_SECONDS * 1_000_000_000L;
        while (harness.isAlive() && System.nanoTime() < deadline) {
            if (commandLine(harness.pid()).contains("\0io.soakrig.harness.cli.SoakrigCli\0")) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
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

    /**
     * One per-second series' leak call and whole-run growth, as a report line; true when it would
     * meet the goal (reported only: see the class comment for why the goal is judged on full
     * collections).
     */
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
        LeakDetector.Assessment call = new LeakDetector(LeakDetector.Config.DEFAULTS).judge(seconds, mb, LeakDetector.Look.FINAL_AT_END);
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
                mb[0], mb[mb.length - 1], known.size(), met ? "below the goal" : "not below the goal"));
        return met;
    }

    /**
     * A series of one point per full collection (each already a floor: nothing of the garbage is
     * left in it), judged as {@link #judge} judges floors: the detector's call on the points from
     * {@code fromSeconds} on, and their Theil–Sen growth per hour with its interval. Only the points
     * before {@code endMillis}, the end of the traffic (the Gatling JVM's exit), count: after it the
     * harness forms the run's verdict and report once, a phase whose memory is reported as the peak
     * RSS, not a growth over the soak. True when it meets the goal: NO_LEAK, the growth's upper
     * bound below {@link #GOAL_MB_PER_HOUR}, over at least {@link #GOAL_WINDOW_MINUTES} points (one
     * full collection a minute). The line starts with its {@code scope}.
     */
    static boolean judgePoints(Scope scope, String target, Signal signal, double fromSeconds, long t0Millis, long endMillis,
                               List<SampledJvm.LiveReading> readings, List<String> lines) {
        List<double[]> points = new ArrayList<>();
        double last = 0;
        for (SampledJvm.LiveReading r : readings) {
            double at = (r.liveSet().epochMillis() - t0Millis) / 1000.0;
            if (r.liveSet().epochMillis() > endMillis) {
                break;
            }
            if (at >= fromSeconds && (points.isEmpty() || at > points.get(points.size() - 1)[0])) {
                points.add(new double[] {at, signal.figure.applyAsLong(r) / MIB});
            }
            last = Math.max(last, at);
        }
        if (points.size() < 3) {
            lines.add(String.format(Locale.ROOT, "%s: %s %s: %d points after %.0f s, no call, does not meet the goal", scope.label,
                    target, signal.label, points.size(), fromSeconds));
            return false;
        }
        LeakDetector.Assessment call = new LeakDetector(LeakDetector.Config.DEFAULTS)
                .judgeFloors(new MemoryFloor.Floors(points, MemoryFloor.Method.CYCLE_FLOORS, LIVE_SET_PERIOD_SECONDS), last, true,
                        LeakDetector.Look.FINAL_AT_END);
        TrendStatistics.Trend growth = TrendStatistics.of(points.stream().mapToDouble(p -> p[0] / 3600).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray(), 0.95, true);
        double windowMinutes = (points.get(points.size() - 1)[0] - points.get(0)[0]) / 60;
        boolean longEnough = points.size() >= GOAL_WINDOW_MINUTES;
        boolean met = call.decision() == LeakDetector.Decision.NO_LEAK && growth.upper() < GOAL_MB_PER_HOUR && longEnough;
        double[] mb = points.stream().mapToDouble(p -> p[1]).toArray();
        lines.add(String.format(Locale.ROOT,
                "%s: %s %s: %s (detector: recent %s MiB/min, look %d at %.0f s); after %.0f s: %+.2f MiB/hour [%+.2f, %+.2f] over %d full GCs "
                        + "in %.1f min; %.2f -> %.2f MiB (min %.2f, max %.2f), %s",
                scope.label, target, signal.label, call.decision(), call.trend() == null ? "-" : String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]",
                        call.trend().slope(), call.trend().lower(), call.trend().upper()),
                call.look(), call.atSeconds(), fromSeconds, growth.slope(), growth.lower(), growth.upper(), growth.n(), windowMinutes,
                mb[0], mb[mb.length - 1], Arrays.stream(mb).min().orElse(0), Arrays.stream(mb).max().orElse(0),
                met ? "meets the goal" : longEnough ? "does not meet the goal"
                        : "fewer than the goal's " + GOAL_WINDOW_MINUTES + " full collections"));
        return met;
    }

    /** What Gatling's own recording and report came to, and how long its JVM outlived the traffic. */
    private static List<String> gatlingArtefacts(Path run, OptionalLong gatlingExitedAt, long harnessEnded) throws IOException {
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
                gatlingExitedAt.isEmpty() ? "with the harness"
                        : String.format(Locale.ROOT, "%.1f s before the harness", (harnessEnded - gatlingExitedAt.getAsLong()) / 1000.0)));
        return lines;
    }
}
