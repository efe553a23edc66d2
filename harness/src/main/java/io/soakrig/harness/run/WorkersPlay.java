package io.soakrig.harness.run;

import io.soakrig.analysis.latency.LatencyLogTail;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.io.AtomicFiles;
import io.soakrig.harness.metrics.LiveMetrics;
import io.soakrig.harness.workers.Coordinator;
import io.soakrig.harness.workers.WorkerFleet;
import io.soakrig.harness.workers.WorkerHandle;
import io.soakrig.harness.workers.WorkerMerge;
import io.soakrig.harness.workers.WorkerProtocol;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plays the traffic with the load spread over {@code N} workers ({@code soakrig worker}: local
 * processes, or the pods of a Kubernetes Job, as the run's {@link WorkerFleet} starts them), this
 * JVM their coordinator: it keeps what cannot be split — the
 * targets, memory sampling, the live judge, early stop and the verdict — and merges the workers'
 * recordings into the run's own as they arrive ({@link WorkerMerge}), so that everything after
 * reads the run directory as if one generator had played it.
 *
 * <p>A worker that exits before its share is played, or is not heard from for
 * {@link WorkerProtocol#STALLED_AFTER}, ends the run at once as {@link RunStatus.State#SHARE_MISSING}
 * naming the worker and its share: the load the target got was smaller than planned, and no
 * verdict may stand on it. So is a worker whose generator is not ready within
 * {@link WorkerFleet#readiness()} of the last registration: there is no start, and every worker
 * is told to stop. Each worker's state is rewritten to {@code workers.json} as the run goes.
 */
final class WorkersPlay {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final TrafficPlayer.Setting run;
    private final LiveJudge judge;
    private final ProgressLine progressLine;

    WorkersPlay(TrafficPlayer.Setting run, LiveJudge judge, ProgressLine progressLine) {
        this.run = run;
        this.judge = judge;
        this.progressLine = progressLine;
    }

    /** Plays the profile on {@code run.workers()}'s workers against {@code stage}, recordings merged into {@code runDir}. */
    RunStatus play(Stage stage, Path runDir) throws IOException, InterruptedException {
        WorkerFleet fleet = run.workers();
        int count = fleet.count();
        RunLayout layout = RunLayout.of(runDir);
        String token = fleet.token();
        String profileYaml = Files.readString(run.profileCopy(), StandardCharsets.UTF_8);
        WorkerProtocol.Assignment template = new WorkerProtocol.Assignment(WorkerProtocol.VERSION, profileYaml,
                stage.targets().trafficUrls().stream().map(urls -> urls.stream().map(URI::toString).toList()).toList(),
                run.pinned().encode(), run.durationLimit() == null ? null : run.durationLimit().toSeconds(), 0, count);
        try (Coordinator coordinator = new Coordinator(fleet.coordinatorAddress(), token, layout, template, WorkerProtocol.START_MARGIN)) {
            WorkerFleet.Launched launched = fleet.launch(coordinator.url(), token, layout, profileYaml);
            run.children().add(launched);
            try {
                return watch(coordinator, launched, stage, layout);
            } finally {
                coordinator.requestStop();
                try {
                    List<WorkerHandle> handles = launched.workers();
                    coordinator.awaitStopHeard(WorkerProtocol.STOP_HEARD_WITHIN, i -> handles.get(i).alive());
                } finally {
                    launched.close();
                }
            }
        }
    }

    private RunStatus watch(Coordinator coordinator, WorkerFleet.Launched launched, Stage stage, RunLayout layout)
            throws IOException, InterruptedException {
        List<WorkerHandle> workers = launched.workers();
        Duration registration = run.workers().registration();
        long registrationEnd = System.nanoTime() + registration.toNanos();
        while (coordinator.registeredMillis() == 0) {
            Optional<String> gone = failed(workers, coordinator, null);
            if (gone.isPresent()) {
                coordinator.abandonStart();
                return missing(gone.get());
            }
            if (System.nanoTime() > registrationEnd) {
                List<Integer> silent = coordinator.workers().stream().filter(w -> w.seen().lastContactMillis() == 0)
                        .map(Coordinator.WorkerLink::index).toList();
                return missing(listed(silent, workers, "did not register within " + registration.toSeconds() + " s"));
            }
            Thread.sleep(100);
        }
        Duration asked = run.workers().readiness();
        Duration readiness = asked.compareTo(WorkerProtocol.READY_WITHIN) < 0 ? asked : WorkerProtocol.READY_WITHIN;
        long readyEnd = System.nanoTime() + readiness.toNanos();
        while (coordinator.startAtMillis() == 0) {
            Optional<String> gone = failed(workers, coordinator, null);
            if (gone.isPresent() && coordinator.abandonStart()) {
                return missing(gone.get());
            }
            if (System.nanoTime() > readyEnd && coordinator.abandonStart()) {
                List<Integer> unready = coordinator.workers().stream().filter(w -> w.seen().readyMillis() == 0)
                        .map(Coordinator.WorkerLink::index).toList();
                writeStatus(layout, coordinator, launched, null, List.of());
                return missing(listed(unready, workers, "were not ready to start within " + readiness.toSeconds()
                        + " s of the last registration") + "; no start was given and every worker was told to stop");
            }
            Thread.sleep(20);
        }
        long startAt = coordinator.startAtMillis();
        Duration planned = run.profile().plannedDuration();
        long deadlineMillis = startAt + planned.plus(TrafficPlayer.OVERRUN).toMillis();
        LatencyLogTail latency = new LatencyLogTail(layout.latencyLog());
        run.metrics().state(LiveMetrics.RunState.RUNNING);
        GeneratorCheck.Live merged = new GeneratorCheck.Live(layout.root());
        List<GeneratorCheck.Live> kept = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            kept.add(new GeneratorCheck.Live(layout.worker(i).root()));
        }
        try (WorkerMerge merge = new WorkerMerge(layout, workers.size(), startAt, run.profile())) {
            long lastProgress = 0;
            RunStatus status = null;
            while (status == null) {
                Thread.sleep(POLL.toMillis());
                Set<Integer> ended = ended(workers, coordinator);
                merge.poll(ended);
                writeStatus(layout, coordinator, launched, merge, kept);
                Optional<String> gone = failed(workers, coordinator, startAt);
                if (gone.isPresent()) {
                    status = missing(gone.get());
                } else if (ended.size() == workers.size()) {
                    status = RunStatus.completed();
                } else if (System.currentTimeMillis() > deadlineMillis) {
                    status = new RunStatus(RunStatus.State.FAILED, "the workers did not finish within "
                            + planned.plus(TrafficPlayer.OVERRUN).toSeconds() + " s of the shared start; see " + layout.logs());
                } else if (System.nanoTime() - lastProgress >= TrafficPlayer.PROGRESS_PERIOD.toNanos()) {
                    lastProgress = System.nanoTime();
                    String full = run.space().checkFull();
                    if (full != null) {
                        status = new RunStatus(RunStatus.State.FAILED, full);
                        break;
                    }
                    Duration elapsed = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - startAt));
                    Double lastP99 = latency.poll();
                    LiveJudge.Call call = judge.judge(stage.sampler().observed(), latency.recording(), elapsed);
                    GeneratorCheck.Result generator = merged.poll();
                    run.progress().status(progressLine.format(elapsed, planned, stage.sampler().latest(), call, generator, lastP99));
                    TrafficPlayer.observe(run, generator, latency.recording(), stage, call);
                    if (call.earlyStop().isPresent()) {
                        status = new RunStatus(RunStatus.State.COMPLETED, call.earlyStop().get());
                    }
                }
            }
            coordinator.requestStop();
            awaitDeliveries(workers, coordinator);
            merge.finish();
            writeStatus(layout, coordinator, launched, merge, kept);
            return status;
        }
    }

    /** Waits (bounded) until the stopped workers have delivered their last bytes and ended. */
    private static void awaitDeliveries(List<WorkerHandle> workers, Coordinator coordinator) throws InterruptedException {
        long end = System.nanoTime() + WorkerProtocol.LOST_AFTER.plusSeconds(15).toNanos();
        while (System.nanoTime() < end && workers.stream().anyMatch(WorkerHandle::alive)) {
            Thread.sleep(100);
        }
    }

    /** The workers whose recordings will not grow: their process has ended. */
    private static Set<Integer> ended(List<WorkerHandle> workers, Coordinator coordinator) {
        Set<Integer> ended = new TreeSet<>();
        for (int i = 0; i < workers.size(); i++) {
            if (!workers.get(i).alive()) {
                ended.add(i);
            }
        }
        return ended;
    }

    /**
     * The first worker that failed its share, in words: exited with a failure (before the start,
     * any ending is one: a share that ends before it began never plays), or (after the start)
     * silent for longer than {@link WorkerProtocol#STALLED_AFTER}.
     */
    private Optional<String> failed(List<WorkerHandle> workers, Coordinator coordinator, Long startAt) {
        int count = workers.size();
        for (int i = 0; i < count; i++) {
            WorkerHandle worker = workers.get(i);
            Integer exitCode = worker.exitCode();
            Coordinator.Seen link = coordinator.worker(i).seen();
            String share = String.format(Locale.ROOT, "its share, 1/%d of the plan's arrivals (%.1f %%), is missing", count, 100.0 / count);
            String at = startAt == null ? "before the start" : "at " + Math.max(0, (System.currentTimeMillis() - startAt) / 1000) + " s";
            boolean beforeStart = startAt == null;
            if (exitCode != null && (exitCode != 0 || beforeStart)) {
                return Optional.of("worker " + i + "/" + count + " (" + worker.label() + ") ended " + at + " with exit code "
                        + exitCode + "; " + share + "; see " + worker.log());
            }
            if (link.exit() != null && (link.exit() != 0 || beforeStart)) {
                return Optional.of("worker " + i + "/" + count + "'s generator failed " + at + " with exit code " + link.exit() + "; " + share);
            }
            if (startAt != null && worker.alive() && System.currentTimeMillis() - link.lastContactMillis() > WorkerProtocol.STALLED_AFTER.toMillis()) {
                return Optional.of("worker " + i + "/" + count + " has not reported for " + WorkerProtocol.STALLED_AFTER.toSeconds()
                        + " s (stalled) " + at + "; " + share);
            }
        }
        return Optional.empty();
    }

    /** "workers [1, 2] of 3 {@code what} (worker 1: its label, worker 2: its label)". */
    private static String listed(List<Integer> indices, List<WorkerHandle> workers, String what) {
        return "workers " + indices + " of " + workers.size() + " " + what + " ("
                + String.join(", ", indices.stream().map(i -> "worker " + i + ": " + workers.get(i).label()).toList()) + ")";
    }

    private static RunStatus missing(String reason) {
        return new RunStatus(RunStatus.State.SHARE_MISSING, reason + "; the target got less load than planned");
    }

    /**
     * {@code workers.json}: per worker, its process, the two phases of its start (registered, its
     * generator ready, told the start), last contact, what it delivered, and whether it kept up;
     * {@code merge} is null and {@code generators} empty when the run ended before its start.
     */
    private static void writeStatus(RunLayout layout, Coordinator coordinator, WorkerFleet.Launched launched, WorkerMerge merge,
                                    List<GeneratorCheck.Live> generators) throws IOException {
        List<WorkerHandle> workers = launched.workers();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            WorkerHandle worker = workers.get(i);
            Integer exitCode = worker.exitCode();
            Coordinator.Seen link = coordinator.worker(i).seen();
            GeneratorCheck.Result kept = generators.isEmpty() ? null : generators.get(i).poll();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", i);
            row.putAll(worker.identity());
            row.put("state", exitCode == null ? "running" : exitCode == 0 ? "ended" : "failed");
            row.put("exitCode", exitCode);
            row.put("lastContactMillis", link.lastContactMillis());
            row.put("registeredMillis", link.registeredMillis());
            row.put("readyMillis", link.readyMillis());
            row.put("startToldMillis", link.toldMillis());
            row.put("latencyBytes", link.latencyBytes());
            row.put("lastInterval", merge == null ? null : merge.lastInterval(i));
            row.put("intended", kept == null ? null : kept.intended());
            row.put("started", kept == null ? null : kept.started());
            row.put("shortfall", kept == null ? null : kept.shortfall());
            row.put("behind", kept != null && kept.saturated());
            rows.add(row);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", 1);
        status.put("coordinator", launched.coordinatorUrl().toString());
        status.put("registeredMillis", coordinator.registeredMillis());
        status.put("startAtMillis", coordinator.startAtMillis());
        status.put("workers", rows);
        AtomicFiles.replace(layout.workersStatus(), com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .writerWithDefaultPrettyPrinter().writeValueAsString(status));
    }
}
