package io.soakrig.harness.run;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.harness.metrics.LiveMetrics;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.latency.LatencyLogTail;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.contract.RunLayout;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.SimulationClasspath;
import io.soakrig.harness.process.SimulationProcess;
import io.soakrig.harness.supervision.IncidentPush;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Plays traffic once: starts the load generator against a {@link Stage}, watches it — progress
 * line, live judgement, the disk — until it ends, and stops it early when the verdict is certain,
 * when the disk fills up or at its deadline. The profile's incident, if any, is pushed to the
 * stage's stubs once the traffic has run for its time.
 */
final class TrafficPlayer {
    static final Duration PROGRESS_PERIOD = Duration.ofSeconds(5);
    /** Time granted past the schedule for JVM start-up, draining and Gatling's own report. */
    static final Duration OVERRUN = Duration.ofSeconds(120);

    /**
     * How one play of the traffic ended.
     *
     * @param status           how the load generator ended, in the run's terms
     * @param incidentAtMillis when the profile's incident was pushed, or null if it was not
     */
    record Played(RunStatus status, Long incidentAtMillis) {
    }

    /** Why the watch over a load generator ended. */
    private sealed interface Ending {
        record Exited(int code) implements Ending {
        }

        record Overran() implements Ending {
        }

        record DiskFull(String reason) implements Ending {
        }

        record StoppedEarly(String reason) implements Ending {
        }
    }

    /**
     * Whom the player answers to and what it may use, fixed for the run.
     *
     * @param classpath where the user's own simulation classes are, if the profile names one
     * @param eventsTail follows the run's event log for the live series, reading only what each look adds
     * @param metrics   the run's live series, fed from each look at the recordings
     * @param workers   the workers the profile is spread over, unless it plays on the single generator ({@code spread()} false)
     */
    record Setting(Profile profile, Path profileCopy, Duration durationLimit, PinnedHosts pinned, SimulationClasspath classpath,
                   SpaceReserve space, ProgressDisplay progress, RunChildren children, String adminToken, HttpClient http,
                   RunEventLog events, RunEventLog.Tail eventsTail, LiveMetrics metrics,
                   io.soakrig.harness.workers.WorkerFleet workers) {
    }

    private final Setting run;
    private final LiveJudge judge;
    private final ProgressLine progressLine;

    TrafficPlayer(Setting run) {
        this.run = run;
        this.judge = new LiveJudge(run.profile());
        this.progressLine = new ProgressLine(run.profile());
    }

    /** The incident's targets: their stub instances, and the containers among them through their admin ports. */
    private static List<IncidentPush.Receiver> receivers(Stage stage, List<String> targets) {
        List<IncidentPush.Receiver> receivers = new ArrayList<>();
        stage.targets().topology().instances().stream().filter(i -> targets.contains(i.target()))
                .forEach(i -> receivers.add(IncidentPush.Receiver.of(i)));
        stage.targets().containers().adminUrls().forEach((name, admin) -> {
            if (targets.contains(name)) {
                receivers.add(IncidentPush.Receiver.container(name, admin));
            }
        });
        return receivers;
    }

    /**
     * Plays the whole profile, or one experiment cell, against {@code stage}.
     *
     * @param generatorDir where the load generator writes its recordings
     * @param cell         the cell to play, or null for the whole profile
     */
    Played play(Stage stage, Path generatorDir, io.soakrig.profile.ExperimentSpec.Cell cell) throws IOException, InterruptedException {
        Profile profile = run.profile();
        if (run.workers().spread() && cell == null) {
            return new Played(new WorkersPlay(run, judge, progressLine).play(stage, generatorDir), null);
        }
        Duration planned = cell == null ? profile.plannedDuration() : profile.experiment().cell();
        Duration played = run.durationLimit() != null && cell == null && run.durationLimit().compareTo(planned) < 0 ? run.durationLimit() : planned;
        boolean gatlingFiles = GatlingFiles.kept(profile, played);
        if (!gatlingFiles) {
            run.progress().message(GatlingFiles.leftOut(profile, played));
        }
        ChildProcess gatling = SimulationProcess.start(run.profileCopy(), generatorDir, stage.targets().trafficUrls(), run.pinned(),
                cell == null ? run.durationLimit() : null, cell, profile.traffic().simulation(), run.classpath(), gatlingFiles);
        run.children().add(gatling);
        IncidentPush incident = profile.incident() == null ? null : IncidentPush.arm(receivers(stage, profile.incident().targets()),
                profile.incident().filters(), profile.wall(profile.incident().at()), RunLayout.of(generatorDir).arrivals(),
                run.adminToken(), run.http(), run.events());
        Ending ending;
        Long incidentAt = null;
        try {
            ending = watch(gatling, stage, planned, generatorDir);
        } finally {
            if (incident != null) {
                incident.close();
                incidentAt = incident.pushedAtMillis();
            }
        }
        if (!(ending instanceof Ending.Exited)) {
            gatling.stop(RunChildren.STOP_GRACE);
        }
        RunStatus status = status(ending, planned, gatling);
        return new Played(profile.traffic().ownSimulation() ? OwnSimulation.status(profile.traffic().simulation(), status,
                ending instanceof Ending.Exited exited ? exited.code() : null, gatling.log(), RunLayout.of(generatorDir)) : status, incidentAt);
    }

    private static RunStatus status(Ending ending, Duration planned, ChildProcess gatling) {
        if (ending instanceof Ending.DiskFull full) {
            return new RunStatus(RunStatus.State.FAILED, full.reason());
        }
        if (ending instanceof Ending.StoppedEarly early) {
            return new RunStatus(RunStatus.State.COMPLETED, early.reason());
        }
        if (ending instanceof Ending.Overran) {
            return new RunStatus(RunStatus.State.FAILED, "the load generator did not finish within "
                    + planned.plus(OVERRUN).toSeconds() + " s; see " + gatling.log());
        }
        int code = ((Ending.Exited) ending).code();
        return code == 0 ? RunStatus.completed()
                : new RunStatus(RunStatus.State.FAILED, "the load generator failed with exit code " + code + "; see " + gatling.log());
    }

    /** Waits for the load generator, showing progress and judging live, until it ends or must be stopped. */
    private Ending watch(ChildProcess gatling, Stage stage, Duration planned, Path generatorDir) throws InterruptedException, IOException {
        long start = System.nanoTime();
        long end = start + planned.plus(OVERRUN).toNanos();
        LatencyLogTail latency = new LatencyLogTail(RunLayout.of(generatorDir).latencyLog());
        GeneratorCheck.Live generatorCheck = new GeneratorCheck.Live(generatorDir);
        run.metrics().state(LiveMetrics.RunState.RUNNING);
        while (System.nanoTime() < end) {
            OptionalInt exit = gatling.waitFor(PROGRESS_PERIOD);
            if (exit.isPresent()) {
                latency.poll();
                LatencyRecording recording = latency.recording();
                observe(run, generatorCheck.poll(), recording, stage,
                        judge.judge(stage.sampler().observed(), recording, Duration.ofNanos(System.nanoTime() - start)));
                return new Ending.Exited(exit.getAsInt());
            }
            String full = run.space().checkFull();
            if (full != null) {
                return new Ending.DiskFull(full);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Double lastP99 = latency.poll();
            LatencyRecording recording = latency.recording();
            LiveJudge.Call call = judge.judge(stage.sampler().observed(), recording, elapsed);
            GeneratorCheck.Result generator = generatorCheck.poll();
            run.progress().status(progressLine.format(elapsed, planned, stage.sampler().latest(), call, generator, lastP99));
            observe(run, generator, recording, stage, call);
            Optional<String> earlyStop = call.earlyStop();
            if (earlyStop.isPresent()) {
                return new Ending.StoppedEarly(earlyStop.get());
            }
        }
        return new Ending.Overran();
    }

    /** Hands what a watch (this one's or {@link WorkersPlay}'s) just read to the live metrics. */
    static void observe(Setting run, GeneratorCheck.Result generator, LatencyRecording recording, Stage stage, LiveJudge.Call call)
            throws IOException {
        run.metrics().observe(new LiveMetrics.Observation(generator, recording, stage.sampler().latest(), call.leaks(),
                run.eventsTail().poll(), call.earlyStop().isPresent()));
    }
}
