package io.soakrig.simulations;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.latency.IntervalLatencyLog;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.latency.LatencyTag.Kind;
import io.soakrig.contract.workers.StartGate;
import io.soakrig.contract.workers.WorkerShare;
import io.soakrig.profile.ArrivalPlan;
import io.soakrig.simulations.recording.ArrivalLog;
import io.soakrig.simulations.recording.StartedRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The three recordings a simulation leaves in the run directory, opened and closed together: the
 * latency log ({@code latency.hlog}, under {@link LatencyTag}s), the arrival log
 * ({@code arrivals.csv}) and the started requests ({@code requests.json}). Every simulation —
 * soakrig's own and a user's through {@link Soakrig} — records through this one class, so every
 * analysis, gate and report reads them the same way.
 *
 * <p>Opened once ({@link #open}), explicitly or at the first arrival; closed once ({@link #close}),
 * at the simulation's end or from a shutdown hook when its JVM is stopped early.
 */
final class Recordings implements AttemptLoop.Recorder {
    /** Intervals of the latency log. */
    static final long INTERVAL_MILLIS = 1000;

    private final Path runDir;
    private final Supplier<List<ArrivalPlan>> counted;
    private final Duration drain;
    private final Optional<WorkerShare> share;
    private final StartedRequests started = new StartedRequests();
    private final Map<String, String[]> tags = new ConcurrentHashMap<>();
    private volatile IntervalLatencyLog latency;
    private volatile ArrivalLog arrivals;
    private boolean opened;
    private boolean closed;

    /**
     * @param counted the plans arrivals are counted against, per arm and region, asked for when the
     *                recordings open: a simulation declares its own injection as it is built
     * @param drain   how long after the schedule arrivals may still be counted
     * @param share   this generator's share when it is one of several workers: opening says the
     *                generator is ready and waits for the shared start its worker hands over
     *                ({@link StartGate}); the logs open at that start, the latency log's intervals aligned on it
     */
    Recordings(Path runDir, Supplier<List<ArrivalPlan>> counted, Duration drain, Optional<WorkerShare> share) {
        this.runDir = runDir;
        this.counted = counted;
        this.drain = drain;
        this.share = share;
    }

    /** Opens the logs, once; a later call does nothing. */
    synchronized void open() {
        if (opened) {
            return;
        }
        opened = true;
        RunLayout run = RunLayout.of(runDir);
        List<ArrivalPlan> plans = List.copyOf(counted.get());
        if (share.isPresent()) {
            long startAtMillis = awaitStart(new StartGate(run));
            latency = IntervalLatencyLog.startAligned(run.latencyLog(), INTERVAL_MILLIS, startAtMillis);
            arrivals = ArrivalLog.startAligned(run.arrivals(), plans, drain, startAtMillis, WorkerShare.START_GRACE);
        } else {
            latency = IntervalLatencyLog.start(run.latencyLog(), INTERVAL_MILLIS);
            arrivals = ArrivalLog.start(run.arrivals(), plans, drain);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "soakrig-recordings"));
    }

    /**
     * Says this generator is ready, waits for the workers' shared start to be handed over, then
     * sleeps until it; a generator whose start is already past starts at once (and shows as behind).
     */
    private static long awaitStart(StartGate gate) {
        try {
            gate.ready();
            long startAtMillis = gate.awaitStart(StartGate.START_WITHIN);
            for (long wait = startAtMillis - System.currentTimeMillis(); wait > 0; wait = startAtMillis - System.currentTimeMillis()) {
                Thread.sleep(wait);
            }
            return startAtMillis;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the workers' shared start", e);
        }
    }

    /** Counts one arrival of {@code population} (a counted plan's population) starting now. */
    void arrived(String population) {
        if (arrivals == null) {
            open();
        }
        arrivals.started(population);
    }

    @Override
    public void started(String arm, String endpoint) {
        started.started(tags(arm, endpoint)[Kind.OK.ordinal()]);
    }

    @Override
    public void record(String arm, String endpoint, Kind kind, long nanos) {
        if (latency == null) {
            open();
        }
        latency.record(tags(arm, endpoint)[kind.ordinal()], nanos);
    }

    /** Each request's tags, spelled once ({@link LatencyTag}), by kind. */
    private String[] tags(String arm, String endpoint) {
        return tags.computeIfAbsent(arm + LatencyTag.ARM_SEPARATOR + endpoint, k -> Arrays.stream(Kind.values())
                .map(kind -> new LatencyTag(arm, endpoint, kind).toString()).toArray(String[]::new));
    }

    /**
     * Closes the recordings once: the latency log's last interval, the arrivals, then the started
     * counts — last, so that every request in the latency log was counted. Nothing is written
     * when the recordings were never opened.
     */
    synchronized void close() {
        if (closed || !opened) {
            return;
        }
        closed = true;
        latency.close();
        arrivals.close();
        started.write(runDir);
    }
}
