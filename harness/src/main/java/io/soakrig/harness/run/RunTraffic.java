package io.soakrig.harness.run;

import io.soakrig.harness.metrics.LiveMetrics;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.harness.process.SimulationClasspath;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.sampling.PrometheusText;
import io.soakrig.harness.supervision.MemoryLimits;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What a run plays and against which stubs: the whole profile once, against targets started for
 * the run; an experiment's cells on those same stubs; or, when the cells change the stubs (memory
 * settings, instance count) or an incident changes them as it plays, each cell on stubs of its own.
 *
 * @param metrics    the run's live series, fed by every play of the traffic
 * @param firstStart told of the run's first targets, for its manifest
 * @param workers    the workers the traffic is spread over, unless it plays on the single generator
 */
record RunTraffic(Profile profile, RunDirectory dir, Duration durationLimit, PinnedHosts pinned, SimulationClasspath classpath,
                  SpaceReserve space, ProgressDisplay progress, RunChildren children, LiveMetrics metrics, TargetStartup.Listener firstStart,
                  io.soakrig.harness.workers.WorkerFleet workers) {

    /** Starts the targets and plays the traffic; says how it ended. The targets are left to {@link #children}. */
    RunStatus play(MemorySampleLog samples, RunEventLog events) throws IOException, InterruptedException {
        String adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        HttpClient http = HttpClient.newBuilder().connectTimeout(PrometheusText.SCRAPE_TIMEOUT).build();
        TargetStartup startup = new TargetStartup(adminToken, MemoryLimits.detect(), pinned, http, events, samples, children, firstStart);
        TrafficPlayer player = new TrafficPlayer(new TrafficPlayer.Setting(profile, dir.profileCopy(), durationLimit, pinned, classpath, space,
                progress, children, adminToken, http, events, new RunEventLog.Tail(dir.layout().events()), metrics, workers));
        io.soakrig.profile.ExperimentSpec experiment = profile.experiment();
        if (experiment != null && (experiment.changesStubs() || profile.incident() != null)) {
            return cells(player, CellScheduler.freshStubsPerCell(profile, startup, children)).playAll();
        }
        Stage stage;
        try {
            stage = startup.start(profile, dir.root());
        } catch (TargetStartException e) {
            return new RunStatus(RunStatus.State.FAILED, e.getMessage());
        }
        try (stage) {
            RunStatus status = experiment == null ? player.play(stage, dir.root(), null).status()
                    : cells(player, CellScheduler.sharedStubs(stage)).playAll();
            stage.finalSample();
            return status;
        }
    }

    private CellScheduler cells(TrafficPlayer player, CellScheduler.Stubs stubs) {
        return new CellScheduler(profile, dir.root(), progress, player, stubs);
    }
}
