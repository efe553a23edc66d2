package io.soakrig.harness.run;

import io.soakrig.contract.RunLayout;
import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.analysis.recording.RunRecordings;
import io.soakrig.contract.cells.CellsIndex;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.verdict.CanaryJudge;
import io.soakrig.analysis.verdict.Gates;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.analysis.latency.LatencyLogTail;
import io.soakrig.analysis.report.HtmlReport;
import io.soakrig.analysis.report.JunitReport;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.SimulationProcess;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.sampling.MemorySampler;
import io.soakrig.harness.sampling.MemorySource;
import io.soakrig.harness.sampling.ProcessRssSource;
import io.soakrig.harness.sampling.RedisMemorySource;
import io.soakrig.harness.redis.RedisEndpoint;
import io.soakrig.harness.sampling.PrometheusSource;
import io.soakrig.harness.sampling.PrometheusText;
import io.soakrig.harness.sampling.StubAdminSource;
import java.net.http.HttpClient;
import io.soakrig.harness.supervision.MemoryLimits;
import io.soakrig.harness.supervision.IncidentPush;
import io.soakrig.harness.supervision.OverloadWatch;
import io.soakrig.harness.supervision.Topology;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import io.soakrig.profile.Profile.TargetSpec;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One run of a profile, top to bottom: start the targets, sample their memory, drive the traffic,
 * stop everything, judge.
 *
 * <p>Whatever happens, the run directory ends with a manifest saying how the run ended and a
 * {@code summary.json} judging what was recorded: a target that does not start or cannot be
 * reached, a load generator that crashes or overruns, an interrupt (Ctrl-C, SIGTERM) and a disk
 * that fills up each end in a defined state, and the verdict is printed on every one of these
 * paths — an interrupt's too, from the shutdown hook, since the main thread never gets to it.
 * Children are stopped on every path; if the harness itself is killed they stop on their own (see
 * {@code OrphanGuard}).
 */
public final class SoakRun {
    static final Duration SAMPLE_PERIOD = Duration.ofSeconds(1);
    static final Duration PROGRESS_PERIOD = Duration.ofSeconds(5);
    static final Duration STUB_START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Time granted past the schedule for JVM start-up, draining and Gatling's own report. */
    static final Duration OVERRUN = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Profile profile;
    private final Path profileFile;
    private final RunDirectory dir;
    private final Duration durationLimit;
    private final PinnedHosts pinned;
    private final ProgressDisplay progress;
    private final Consumer<Summary> verdict;
    private final String adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final List<AutoCloseable> children = new ArrayList<>();
    private final MemoryLimits limits = MemoryLimits.detect();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PrometheusText.SCRAPE_TIMEOUT).build();
    private RunEventLog events;
    private RunManifest manifest;
    private SpaceReserve space;
    private Outcome outcome;
    private String diskFull;
    private String earlyStop;
    private Long lastIncident;
    private volatile boolean interrupting;

    /**
     * @param profile       the validated profile, already cut to {@code durationLimit}
     * @param profileFile   the file it came from, copied into the run directory
     * @param durationLimit the {@code --duration} cut, or null
     * @param pinned        the addresses the URL targets' hosts were checked at ({@link TargetPolicy}):
     *                      every connection of the run to those hosts goes to them
     * @param progress      where progress goes (standard error: standard output carries the verdict)
     * @param verdict       prints the verdict; called once, when the run is judged, on whichever
     *                      thread judges it (the shutdown hook's, for an interrupted run)
     */
    public SoakRun(Profile profile, Path profileFile, RunDirectory dir, Duration durationLimit, PinnedHosts pinned,
                   ProgressDisplay progress, Consumer<Summary> verdict) {
        this.profile = profile;
        this.profileFile = profileFile;
        this.dir = dir;
        this.durationLimit = durationLimit;
        this.pinned = pinned;
        this.progress = progress;
        this.verdict = verdict;
    }

    /**
     * How a run ended: its judged summary, and the result files the disk could not take.
     *
     * @param summary the verdict and its figures
     * @param unsaved result files that could not be written (a full disk), empty normally
     */
    public record Outcome(Summary summary, List<String> unsaved) {
        /** The verdict's exit code, or no verdict when the verdict could not be saved. */
        public int exitCode() {
            return unsaved.isEmpty() ? ExitCodes.of(summary.verdict()) : ExitCodes.NO_VERDICT;
        }
    }

    /** The run directory could not take even the run's start (a full disk): nothing was started. */
    public static final class NotStartedException extends IOException {
        NotStartedException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Runs to the end and returns how it ended; an interrupt is handled by a shutdown hook.
     *
     * @throws NotStartedException when the run directory cannot take the run's start; it is
     *                             released, and nothing was started
     */
    public Outcome execute() throws IOException, InterruptedException {
        manifest = new RunManifest(profile.name(), durationLimit == null ? null : durationLimit.toSeconds(),
                Instant.now().toString(), ProcessHandle.current().pid(), Map.of(), new RunStatus(RunStatus.State.RUNNING, null), null);
        try {
            space = SpaceReserve.claim(dir.root());
            Files.copy(profileFile, dir.profileCopy());
            dir.writeManifest(manifest);
        } catch (IOException e) {
            if (space != null) {
                space.release();
            }
            Files.deleteIfExists(dir.profileCopy());
            dir.release();
            throw new NotStartedException(SpaceReserve.isDiskFull(e)
                    ? "the disk of " + dir.root() + " is full (" + e.getMessage() + "); nothing was started"
                    : "cannot write to " + dir.root() + " (" + e.getMessage() + "); nothing was started", e);
        }
        Thread onInterrupt = new Thread(this::interrupted, "soakrig-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        RunStatus status;
        try (MemorySampleLog samples = MemorySampleLog.create(dir.memorySamples());
             RunEventLog eventLog = RunEventLog.append(dir.layout().events())) {
            events = eventLog;
            try {
                status = drive(samples);
            } finally {
                stopChildren();
            }
        } catch (IOException | RuntimeException e) {
            status = new RunStatus(RunStatus.State.FAILED, SpaceReserve.isDiskFull(e) ? diskFullReason() : "harness failure: " + e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running and will finish the run itself
        }
        return finish(status);
    }

    private RunStatus drive(MemorySampleLog samples) throws IOException, InterruptedException {
        if (profile.experiment() != null && (profile.experiment().changesStubs() || profile.incident() != null)) {
            return playCellsOnTheirOwnStubs(samples);
        }
        Targets targets;
        try {
            targets = startTargets(profile, dir.root());
        } catch (TargetStartException e) {
            return new RunStatus(RunStatus.State.FAILED, e.getMessage());
        }
        showTargets(targets);
        try (MemorySampler sampler = new MemorySampler(targets.sampled(), samples);
             OverloadWatch overload = watchOverload(targets)) {
            sampler.start(SAMPLE_PERIOD);
            RunStatus status = profile.experiment() == null
                    ? play(SimulationProcess.start(dir.profileCopy(), dir.root(), targets.trafficUrls(), pinned, durationLimit, null),
                            sampler, profile.plannedDuration(), dir.root(), targets)
                    : playCells(targets, sampler);
            sampler.finalSample();
            return status;
        }
    }

    /**
     * The running targets of one profile (or one experiment cell): the stubs started, their
     * service URLs and memory sources, and the URL targets checked reachable.
     */
    private record Targets(Topology topology, Map<String, List<URI>> urls, List<MemorySource> sampled, List<List<URI>> trafficUrls) {
    }

    private OverloadWatch watchOverload(Targets targets) {
        return new OverloadWatch(targets.topology().instances(), adminToken, http, events, SAMPLE_PERIOD);
    }

    /** Starts {@code started}'s targets; stub launch files and logs go under {@code stubsDir}. */
    private Targets startTargets(Profile started, Path stubsDir) throws IOException, InterruptedException, TargetStartException {
        Map<String, List<URI>> urls = new LinkedHashMap<>();
        List<MemorySource> sampled = new ArrayList<>();
        Map<String, RedisEndpoint> attachedRedis = new LinkedHashMap<>();
        for (Map.Entry<String, TargetSpec> t : started.targets().entrySet()) {
            if (t.getValue().isRedis() && t.getValue().url() != null) {
                attachedRedis.put(t.getKey(), attached(t.getKey(), t.getValue().url(), pinned));
            }
        }
        Topology topology = Topology.start(started, stubsDir, adminToken, limits, events, STUB_START_TIMEOUT, attachedRedis);
        Map<String, RedisEndpoint> redis = new LinkedHashMap<>(attachedRedis);
        redis.putAll(topology.redisEndpoints());
        redis.forEach((name, endpoint) -> {
            urls.put(name, List.of(URI.create(endpoint.display())));
            sampled.add(new RedisMemorySource(name, endpoint));
        });
        register(topology);
        for (Topology.Instance stub : topology.instances()) {
            urls.computeIfAbsent(stub.target(), t -> topology.urls(t));
            sampled.add(new StubAdminSource(stub.label(), stub.metricsUrl(), adminToken, http));
        }
        for (Map.Entry<String, TargetSpec> t : started.targets().entrySet()) {
            if (!t.getValue().isStub() && !t.getValue().isRedis()) {
                urls.put(t.getKey(), List.of(reachable(t.getKey(), t.getValue().url(), pinned)));
                Profile.MemorySourceSpec memory = t.getValue().memory();
                if (memory != null) {
                    sampled.add(memory.pid() != null ? new ProcessRssSource(t.getKey(), memory.pid())
                            : new PrometheusSource(t.getKey(), pinned.pin(memory.prometheus()), memory.metric(), memory.labels(), http));
                }
            }
        }
        return new Targets(topology, urls, sampled, started.trafficTargets().stream().map(urls::get).toList());
    }

    private void showTargets(Targets targets) throws IOException {
        Map<String, String> shown = new LinkedHashMap<>();
        targets.urls().forEach((k, v) -> shown.put(k, String.join(",", v.stream().map(URI::toString).toList())));
        manifest = manifest.withTargets(shown);
        dir.writeManifest(manifest);
    }

    /**
     * Plays an experiment's cells one after another against the running stubs, each in its own
     * directory under {@code cells/}; {@code cells.json} is rewritten after every cell, so a run
     * stopped half-way keeps the cells it finished.
     */
    private RunStatus playCells(Targets targets, MemorySampler sampler) throws IOException, InterruptedException {
        List<CellsIndex.Played> played = new ArrayList<>();
        for (Profile.ExperimentSpec.Cell cell : profile.experiment().cells()) {
            RunStatus status = playCell(cell, targets, sampler, played);
            if (status.state() != RunStatus.State.COMPLETED) {
                return status;
            }
        }
        return RunStatus.completed();
    }

    /**
     * Plays each cell against stubs of its own, started for the cell (with the cell's memory
     * settings and instance count) and stopped after it, so that no crash, restart back-off or
     * memory carries over from one cell to the next.
     */
    private RunStatus playCellsOnTheirOwnStubs(MemorySampleLog samples) throws IOException, InterruptedException {
        List<CellsIndex.Played> played = new ArrayList<>();
        for (Profile.ExperimentSpec.Cell cell : profile.experiment().cells()) {
            Targets targets;
            try {
                targets = startTargets(profile.forCell(cell),
                        Files.createDirectories(dir.layout().cell(cell.id()).root()));
            } catch (TargetStartException e) {
                return new RunStatus(RunStatus.State.FAILED, "cell " + cell.id() + ": " + e.getMessage());
            }
            if (played.isEmpty()) {
                showTargets(targets);
            }
            RunStatus status;
            try (MemorySampler sampler = new MemorySampler(targets.sampled(), samples);
                 OverloadWatch overload = watchOverload(targets)) {
                sampler.start(SAMPLE_PERIOD);
                status = playCell(cell, targets, sampler, played);
                sampler.finalSample();
            } finally {
                stop(targets.topology());
            }
            if (status.state() != RunStatus.State.COMPLETED) {
                return status;
            }
        }
        return RunStatus.completed();
    }

    private RunStatus playCell(Profile.ExperimentSpec.Cell cell, Targets targets, MemorySampler sampler,
                               List<CellsIndex.Played> played) throws IOException, InterruptedException {
        Path cellDir = Files.createDirectories(dir.layout().cell(cell.id()).root());
        progress.message("[soakrig] cell " + cell.id() + ": " + describe(cell));
        long start = System.currentTimeMillis();
        RunStatus status = play(SimulationProcess.start(dir.profileCopy(), cellDir, targets.trafficUrls(), pinned, null, cell),
                sampler, profile.experiment().cell(), cellDir, targets);
        played.add(new CellsIndex.Played(cell.id(), cell.retry(), cell.failure(), cell.memory(), cell.instances(),
                start, System.currentTimeMillis(), lastIncident, lastIncident == null ? null : profile.incident().targets()));
        CellsIndex.write(dir.layout().cellsIndex(), played);
        return status;
    }

    private static String describe(Profile.ExperimentSpec.Cell cell) {
        StringBuilder d = new StringBuilder("retry policy " + cell.retry());
        if (cell.memory() != null) {
            d.append(", memory ").append(cell.memory());
        }
        if (cell.instances() != null) {
            d.append(", ").append(cell.instances()).append(" instance(s)");
        }
        if (cell.failure() != null) {
            d.append(", failure ").append(cell.failure());
        }
        return d.toString();
    }

    /**
     * Runs one load generator to its end, or stops it early or at its deadline; says how it ended.
     * {@code generatorDir} is where it writes its arrival log; the profile's incident, if any, is
     * pushed to {@code targets} once the traffic has run for its time.
     */
    private RunStatus play(ChildProcess gatling, MemorySampler sampler, Duration planned, Path generatorDir, Targets targets)
            throws IOException, InterruptedException {
        register(gatling);
        lastIncident = null;
        IncidentPush incident = profile.incident() == null ? null : IncidentPush.arm(
                targets.topology().instances().stream().filter(i -> profile.incident().targets().contains(i.target())).toList(),
                profile.incident().filters(), profile.wall(profile.incident().at()), generatorDir.resolve(GeneratorCheck.ARRIVALS),
                adminToken, http, events);
        OptionalInt exit;
        try {
            exit = awaitTraffic(gatling, sampler, planned, generatorDir);
        } finally {
            if (incident != null) {
                incident.close();
                lastIncident = incident.pushedAtMillis();
            }
        }
        if (diskFull != null) {
            gatling.stop(STOP_GRACE);
            return new RunStatus(RunStatus.State.FAILED, diskFull);
        }
        if (earlyStop != null) {
            gatling.stop(STOP_GRACE);
            return new RunStatus(RunStatus.State.COMPLETED, earlyStop);
        }
        if (exit.isEmpty()) {
            gatling.stop(STOP_GRACE);
            return new RunStatus(RunStatus.State.FAILED, "the load generator did not finish within "
                    + planned.plus(OVERRUN).toSeconds() + " s; see " + gatling.log());
        }
        if (exit.getAsInt() != 0) {
            return new RunStatus(RunStatus.State.FAILED, "the load generator failed with exit code "
                    + exit.getAsInt() + "; see " + gatling.log());
        }
        return RunStatus.completed();
    }

    /**
     * Waits for the load generator, printing progress; returns its exit code, or empty when it
     * overran, when the disk filled up (then {@link #diskFull} says so) or when the verdict became
     * certain early (then {@link #earlyStop} says why).
     */
    private OptionalInt awaitTraffic(ChildProcess gatling, MemorySampler sampler, Duration planned, Path generatorDir)
            throws InterruptedException, IOException {
        long start = System.nanoTime();
        long end = start + planned.plus(OVERRUN).toNanos();
        Gates gates = gates(profile);
        LatencyLogTail latency = new LatencyLogTail(RunLayout.of(generatorDir).latencyLog());
        while (System.nanoTime() < end) {
            OptionalInt exit = gatling.waitFor(PROGRESS_PERIOD);
            if (exit.isPresent()) {
                return exit;
            }
            if (space.exhausted()) {
                diskFull = diskFullReason();
                return OptionalInt.empty();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Double lastP99 = latency.poll();
            Map<String, Summary.Leak> leaks = LeakCalls.of(sampler.taken(), memoryLimitsMB(profile), gates.leakDetection());
            Summary.CanaryReport canary = gates.canary() == null ? null : new CanaryJudge(gates.canary())
                    .judge(latency.recording(), LeakCalls.excessGrowth(sampler.taken(), gates.canary(), gates.leakDetection()), true);
            progress.status(progressLine(elapsed, planned, sampler.latest(), leaks, canary, GeneratorCheck.read(generatorDir), lastP99));
            earlyStop = earlyStop(gates, leaks, canary, elapsed);
            if (earlyStop != null) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Why the run can stop now, or null: a gated leak was called, or the canary failed — each
     * certain (sequential tests), so the rest of the schedule would only wait for the verdict.
     */
    private String earlyStop(Gates gates, Map<String, Summary.Leak> leaks, Summary.CanaryReport canary, Duration elapsed) {
        Duration left = profile.plannedDuration().minus(elapsed);
        String before = String.format(Locale.ROOT, "%d s before the planned end (%.0f%% of the schedule unplayed)",
                Math.max(0, left.toSeconds()), Math.max(0, 100.0 * left.toMillis() / profile.plannedDuration().toMillis()));
        if (canary != null && canary.verdict() == Verdict.FAIL) {
            String finding = canary.findings().stream().filter(f -> f.verdict() == Verdict.FAIL)
                    .map(Summary.Finding::name).findFirst().orElseThrow();
            return String.format(Locale.ROOT, "stopped early: canary FAIL on %s at %d s, %s",
                    finding, elapsed.toSeconds(), before);
        }
        if (gates.noLeak()) {
            for (Map.Entry<String, Summary.Leak> leak : leaks.entrySet()) {
                if (leak.getValue().decision() == LeakDetector.Decision.LEAK) {
                    return String.format(Locale.ROOT, "stopped early: memory leak called in %s at %d s, %s",
                            leak.getKey(), elapsed.toSeconds(), before);
                }
            }
        }
        return null;
    }

    private String progressLine(Duration elapsed, Duration planned, Map<String, MemorySample> latest,
                                Map<String, Summary.Leak> leaks, Summary.CanaryReport canary, GeneratorCheck.Result generator,
                                Double lastP99Ms) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[soakrig] %s %ds / %ds planned",
                profile.name(), elapsed.toSeconds(), planned.toSeconds()));
        if (profile.timeCompression() != 1.0 && profile.experiment() == null) {
            line.append(String.format(Locale.ROOT, " (profile time %s / %s)",
                    human(Duration.ofSeconds(Math.round(elapsed.toSeconds() * profile.timeCompression()))),
                    human(profile.plannedProfileDuration())));
        }
        if (generator != null && generator.lastSecondIntended() > 0) {
            line.append(String.format(Locale.ROOT, " | arrivals %.0f/s of %.0f/s", generator.lastSecondStarted(), generator.lastSecondIntended()));
        }
        if (lastP99Ms != null) {
            line.append(String.format(Locale.ROOT, " | p99 %.1f ms", lastP99Ms));
        }
        latest.forEach((target, s) -> {
            line.append(String.format(Locale.ROOT, " | %s %.1f MiB", target, s.gcAwareBytes() / (1024.0 * 1024.0)));
            Summary.Leak leak = leaks.get(target);
            if (leak != null && leak.slopeMBPerMin() != null) {
                line.append(String.format(Locale.ROOT, " %+.1f MB/min", leak.slopeMBPerMin()));
            }
            if (leak != null && leak.decision() != LeakDetector.Decision.UNDECIDED) {
                line.append(' ').append(leak.decision());
            }
        });
        if (generator != null && generator.saturated()) {
            line.append(String.format(Locale.ROOT, " | GENERATOR BEHIND its schedule in %d s (up to %.1f%%): latency not trusted",
                    generator.behindSeconds(), generator.maxBehindPercent()));
        }
        if (canary != null) {
            line.append(" | canary ").append(canary.verdict() == Verdict.PASS ? "passing so far" : canary.verdict());
        }
        return line.toString();
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * The Redis a {@code redis://} target names, at its checked address, once it answers
     * {@code PING} with the password given; else why not, before anything starts.
     */
    private static RedisEndpoint attached(String name, URI url, PinnedHosts pinned) throws TargetStartException {
        RedisEndpoint endpoint = RedisEndpoint.of(url, pinned.address(url).getAddress());
        String problem = endpoint.problem();
        if (problem != null) {
            throw new TargetStartException("target " + name + ": " + problem);
        }
        return endpoint;
    }

    /**
     * Fails fast, before any traffic, when a URL target does not accept connections at the address
     * its host was checked at.
     */
    private static URI reachable(String name, URI url, PinnedHosts pinned) throws TargetStartException {
        int port = url.getPort() >= 0 ? url.getPort() : 80;
        try (Socket socket = new Socket()) {
            socket.connect(pinned.address(url), (int) CONNECT_TIMEOUT.toMillis());
            return url;
        } catch (IOException e) {
            throw new TargetStartException("target " + name + " is unreachable at " + url.getHost() + ":" + port + ": " + e.getMessage());
        }
    }

    private synchronized void register(Topology topology) {
        children.add(topology);
    }

    private synchronized void stop(Topology topology) {
        children.remove(topology);
        topology.close();
    }

    private synchronized void register(ChildProcess child) {
        children.add(() -> child.stop(STOP_GRACE));
    }

    /** Stops the load generator first (it was registered last), then the stubs it called. */
    private synchronized void stopChildren() {
        for (int i = children.size() - 1; i >= 0; i--) {
            try {
                children.get(i).close();
            } catch (Exception e) {
                progress.message("[soakrig] trouble stopping a child: " + e);
            }
        }
        children.clear();
    }

    /** Shutdown hook: the JVM is going down before the run finished (SIGINT, SIGTERM). */
    private void interrupted() {
        interrupting = true;
        stopChildren();
        try {
            finish(new RunStatus(RunStatus.State.INTERRUPTED, "run interrupted"));
        } catch (IOException e) {
            progress.message("[soakrig] could not judge the interrupted run: " + e);
        }
    }

    /**
     * Judges the run once, whichever thread gets here first, writes the manifest and the results
     * (each on its own: what the disk cannot take is named, not a reason to drop the rest), gives
     * up the directory's claim and prints the verdict.
     */
    private synchronized Outcome finish(RunStatus status) throws IOException {
        progress.end();
        if (outcome != null) {
            return outcome;
        }
        // children stopped by the shutdown hook look failed to the main thread; the cause is the interrupt
        // a full disk explains whatever else went wrong, and leaves recordings that may have gaps
        boolean full = space.exhausted() || diskFull != null;
        RunStatus ended = interrupting ? new RunStatus(RunStatus.State.INTERRUPTED, "run interrupted")
                : full ? new RunStatus(RunStatus.State.FAILED, diskFull != null ? diskFull : diskFullReason()) : status;
        space.release();
        List<String> unsaved = new ArrayList<>();
        manifest = manifest.ended(ended, dir.recordingSizes());
        save(RunDirectory.MANIFEST, () -> dir.writeManifest(manifest), unsaved);
        RunJudgement judged = RunAnalyzer.judge(RunRecordings.read(dir.root()), profile.name(), gates(profile), ended,
                memoryLimitsMB(profile));
        Summary summary = judged.summary();
        save(SummaryJson.FILE, () -> SummaryJson.write(dir.root(), summary), unsaved);
        save(JunitReport.FILE, () -> JunitReport.write(dir.root(), summary), unsaved);
        save(HtmlReport.FILE, () -> HtmlReport.write(dir.root(), judged), unsaved);
        dir.release();
        if (full || !unsaved.isEmpty()) {
            progress.message(savedLine(unsaved));
        }
        outcome = new Outcome(summary, List.copyOf(unsaved));
        verdict.accept(summary);
        return outcome;
    }

    private interface Write {
        void run() throws IOException;
    }

    private void save(String file, Write write, List<String> unsaved) {
        try {
            write.run();
        } catch (IOException e) {
            unsaved.add(file);
            if (!SpaceReserve.isDiskFull(e)) {
                progress.message("[soakrig] could not write " + file + ": " + e.getMessage());
            }
        }
    }

    private String diskFullReason() {
        return "disk full: " + SpaceReserve.kib(space.usableBytes()) + " left on the disk of " + dir.root()
                + "; the recordings may have gaps from then on";
    }

    /** The one line a full disk gets: what the run directory holds now, and what it could not take. */
    private String savedLine(List<String> unsaved) throws IOException {
        List<String> saved = new ArrayList<>();
        try (var entries = Files.list(dir.root())) {
            entries.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).sorted().forEach(saved::add);
        }
        return "soakrig: the disk of " + dir.root() + " is full; saved: " + String.join(", ", saved)
                + (unsaved.isEmpty() ? "" : "; not saved: " + String.join(", ", unsaved));
    }

    /** Each stub target's heap limit in MiB: what a GC-aware memory figure grows towards. */
    public static Map<String, Double> memoryLimitsMB(Profile profile) {
        Map<String, Double> limits = new LinkedHashMap<>();
        profile.targets().forEach((name, t) -> {
            if (t.isStub()) {
                limits.put(name, (double) t.stub().heapMb());
            } else if (t.redis() != null) {
                limits.put(name, (double) t.redis().maxmemoryMb());
            }
        });
        return limits;
    }

    /** The profile's gates in the analysis module's terms. */
    public static Gates gates(Profile profile) {
        Profile.LeakDetectionSpec l = profile.leakDetection();
        LeakDetector.Config leak = new LeakDetector.Config(l.warmUp().toMillis() / 1000.0, l.window().toMillis() / 1000.0,
                l.minLeakMBPerMin(), l.falseAlarmRate(), LeakDetector.Config.DEFAULTS.minWindowsPerHalf(),
                LeakDetector.Config.DEFAULTS.maxWindows(), l.minSpan().toMillis() / 1000.0);
        Profile.CanarySpec c = profile.canary();
        CanaryJudge.Config canary = c == null ? null : new CanaryJudge.Config(c.baseline(), c.canary(), c.latencyTolerance(),
                c.latencyToleranceMs(), c.errorRateTolerance(), c.significance());
        java.util.Set<String> sampled = new java.util.TreeSet<>();
        profile.targets().forEach((name, t) -> {
            if (t.isStub() || t.isRedis() || t.memory() != null) {
                sampled.add(name);
            }
        });
        return profile.gates() == null ? new Gates(null, null, false, leak, canary, sampled)
                : new Gates(profile.gates().p99LatencyMs(), profile.gates().errorRate(), Boolean.TRUE.equals(profile.gates().noLeak()),
                        leak, canary, sampled);
    }
}
