package io.soakrig.harness.run;

import io.soakrig.harness.metrics.LiveMetrics;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.contract.RunLayout;
import io.soakrig.harness.process.SimulationClasspath;
import io.soakrig.profile.HttpUrls;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a profile, from its start to its exit code: claims the run directory, plays the
 * traffic ({@link RunTraffic}), stops every child and judges ({@link Judgement}).
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
    private final Profile profile;
    private final Path profileFile;
    private final RunDirectory dir;
    private final Duration durationLimit;
    private final PinnedHosts pinned;
    private final SimulationClasspath classpath;
    private final ProgressDisplay progress;
    private final Consumer<Summary> verdict;
    private final RunChildren children;
    private final io.soakrig.harness.workers.WorkerFleet workers;
    private final LiveMetrics metrics;
    private RunManifest manifest;
    private SpaceReserve space;
    private RunOutcome outcome;
    private volatile boolean interrupting;

    /**
     * @param profile       the validated profile, already cut to {@code durationLimit}
     * @param profileFile   the file it came from, copied into the run directory
     * @param durationLimit the {@code --duration} cut, or null
     * @param pinned        the addresses the URL targets' hosts were checked at ({@link TargetPolicy}):
     *                      every connection of the run to those hosts goes to them
     * @param classpath     where the user's own simulation classes are, if the profile names one
     * @param progress      where progress goes (standard error: standard output carries the verdict)
     * @param verdict       prints the verdict; called once, when the run is judged, on whichever
     *                      thread judges it (the shutdown hook's, for an interrupted run)
     * @param workers       the workers the load is spread over (local processes, a Kubernetes Job), their coordinator
     *                      this run; unless {@code spread()}, the single generator (experiments, incidents and own simulations play on one)
     * @param metrics       the run's live series, kept up to date as it goes (served only with {@code --metrics-port})
     */
    public SoakRun(Profile profile, Path profileFile, RunDirectory dir, Duration durationLimit, PinnedHosts pinned,
                   SimulationClasspath classpath, ProgressDisplay progress, Consumer<Summary> verdict,
                   io.soakrig.harness.workers.WorkerFleet workers, LiveMetrics metrics) {
        this.workers = workers;
        this.profile = profile;
        this.profileFile = profileFile;
        this.dir = dir;
        this.durationLimit = durationLimit;
        this.pinned = pinned;
        this.classpath = classpath;
        this.progress = progress;
        this.verdict = verdict;
        this.children = new RunChildren(progress::message);
        this.metrics = metrics;
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
    public RunOutcome execute() throws IOException, InterruptedException {
        claim();
        Thread onInterrupt = new Thread(this::interrupted, "soakrig-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        RunStatus status;
        RunTraffic traffic = new RunTraffic(profile, dir, durationLimit, pinned, classpath, space, progress, children, metrics,
                targets -> dir.writeManifest(manifest = manifest.withTargets(targets.shown())), workers);
        try (MemorySampleLog samples = MemorySampleLog.create(dir.memorySamples());
             RunEventLog events = RunEventLog.append(dir.layout().events())) {
            try {
                status = traffic.play(samples, events);
            } finally {
                children.stopAll();
            }
        } catch (IOException | RuntimeException e) {
            status = new RunStatus(RunStatus.State.FAILED, SpaceReserve.isDiskFull(e) ? space.fullReason() : "harness failure: " + e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running and will finish the run itself
        }
        return finish(status);
    }

    /** Takes the run directory: the space reserve, the profile's copy and a manifest saying RUNNING. */
    private void claim() throws IOException {
        manifest = new RunManifest(profile.name(), durationLimit == null ? null : durationLimit.toSeconds(),
                Instant.now().toString(), ProcessHandle.current().pid(), Map.of(), new RunStatus(RunStatus.State.RUNNING, null), null);
        try {
            space = SpaceReserve.claim(dir.root());
            Files.writeString(dir.profileCopy(), HttpUrls.withoutRedisPasswords(Files.readString(profileFile)));
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
    }

    /** Shutdown hook: the JVM is going down before the run finished (SIGINT, SIGTERM). */
    private void interrupted() {
        interrupting = true;
        children.stopAll();
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
    private synchronized RunOutcome finish(RunStatus status) throws IOException {
        progress.end();
        if (outcome != null) {
            return outcome;
        }
        // children stopped by the shutdown hook look failed to the main thread; the cause is the interrupt
        // a full disk explains whatever else went wrong, and leaves recordings that may have gaps
        String full = space.checkFull();
        RunStatus ended = interrupting ? new RunStatus(RunStatus.State.INTERRUPTED, "run interrupted")
                : full != null ? new RunStatus(RunStatus.State.FAILED, full) : status;
        space.release();
        List<String> unsaved = new ArrayList<>();
        manifest = manifest.ended(ended, dir.recordingSizes());
        try {
            dir.writeManifest(manifest);
        } catch (IOException e) {
            unsaved(RunLayout.MANIFEST, e, unsaved);
        }
        metrics.state(LiveMetrics.RunState.JUDGING);
        Judgement judgement = Judgement.judgeAndWrite(dir.root(), profile.name(), profile, ended, null);
        metrics.judged(LiveMetrics.VerdictSoFar.valueOf(judgement.summary().verdict().name()), judgement.summary().leak());
        judgement.unsaved().forEach((file, e) -> unsaved(file, e, unsaved));
        dir.release();
        if (full != null || !unsaved.isEmpty()) {
            progress.message(savedLine(unsaved));
        }
        outcome = new RunOutcome(judgement.summary(), unsaved);
        verdict.accept(judgement.summary());
        return outcome;
    }

    private void unsaved(String file, IOException e, List<String> unsaved) {
        unsaved.add(file);
        if (!SpaceReserve.isDiskFull(e)) {
            progress.message("[soakrig] could not write " + file + ": " + e.getMessage());
        }
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
}
