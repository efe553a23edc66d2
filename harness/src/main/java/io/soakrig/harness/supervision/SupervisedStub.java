package io.soakrig.harness.supervision;

import io.soakrig.analysis.events.RunEvent;
import io.soakrig.analysis.events.RunEventLog;
import io.soakrig.harness.process.StubProcess;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.profile.StubLaunch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stub instance under supervision, as a container under its kubelet: started under its memory
 * limit, watched, and — with restart policy {@code always} — restarted after every exit on the
 * CrashLoopBackOff schedule. A restarted instance binds the ports of the first start, so callers
 * keep the address they know. Every start, exit, OOM kill and scheduled restart is an event in
 * the run's {@code events.jsonl}.
 */
public final class SupervisedStub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedStub.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final StubLaunch firstLaunch;
    private final Path runDir;
    private final String adminToken;
    private final MemoryLimits limits;
    private final Long limitBytes;
    private final CrashLoopBackOff backoff;
    private final boolean restarts;
    private final Duration startTimeout;
    private final RunEventLog events;
    private final Thread watcher;
    private volatile boolean stopping;
    private volatile StubProcess current;
    private MemoryLimit limit;
    private int starts;

    /**
     * @param launch       the instance's launch (ports 0 on the first start)
     * @param limitBytes   its container memory limit, or null for none
     * @param backoff      the restart delays, in wall-clock time
     * @param restarts     whether an exited process is restarted
     */
    public SupervisedStub(StubLaunch launch, Path runDir, String adminToken, MemoryLimits limits, Long limitBytes,
                          CrashLoopBackOff backoff, boolean restarts, Duration startTimeout, RunEventLog events) {
        this.firstLaunch = launch;
        this.runDir = runDir;
        this.adminToken = adminToken;
        this.limits = limits;
        this.limitBytes = limitBytes;
        this.backoff = backoff;
        this.restarts = restarts;
        this.startTimeout = startTimeout;
        this.events = events;
        this.watcher = new Thread(this::watch, "supervisor-" + launch.target() + "-" + launch.instance());
        this.watcher.setDaemon(true);
    }

    /** Starts the instance and its supervision; the service URL once it is ready. */
    public URI start() throws IOException, InterruptedException, TargetStartException {
        current = launch(firstLaunch);
        watcher.start();
        return current.url();
    }

    /** The instance's metrics endpoint (stable across restarts). */
    public URI metricsUrl() {
        return current.metricsUrl();
    }

    private StubProcess launch(StubLaunch launch) throws IOException, InterruptedException, TargetStartException {
        starts++;
        limit = limitBytes == null ? null
                : limits.limit("soakrig-" + ProcessHandle.current().pid() + "-" + launch.target() + "-" + launch.instance() + "-" + starts, limitBytes);
        try {
            StubProcess stub = StubProcess.start(launch, runDir, adminToken, limit == null ? List.of() : limit.commandPrefix(), startTimeout);
            if (limit != null) {
                limit.attach(stub.child().process());
            }
            event(RunEvent.Type.STARTED, Map.of("pid", stub.child().pid(), "port", stub.launch().port(),
                    "limitBytes", limitBytes == null ? -1 : limitBytes,
                    "limitEnforcedBy", limit == null ? "none" : limit.mechanism()));
            return stub;
        } catch (IOException | TargetStartException | RuntimeException e) {
            closeLimit();
            throw e;
        }
    }

    private void watch() {
        while (!stopping) {
            StubProcess running = current;
            long startedAt = System.nanoTime();
            int exit;
            try {
                exit = running.child().process().waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            Duration ranFor = Duration.ofNanos(System.nanoTime() - startedAt);
            boolean oomKilled = limit != null && limit.killedIt();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("pid", running.child().pid());
            detail.put("exitCode", exit);
            detail.put("ranForMillis", ranFor.toMillis());
            if (oomKilled) {
                detail.put("killedBy", limit.mechanism());
            }
            if (limit != null) {
                detail.put("peakBytes", limit.peakBytes());
                detail.put("limitBytes", limitBytes);
            }
            event(oomKilled ? RunEvent.Type.OOM_KILLED : RunEvent.Type.EXITED, detail);
            closeLimit();
            if (!restarts) {
                return;
            }
            if (!restartAfter(backoff.delayAfterExit(ranFor), running.launch())) {
                return;
            }
        }
    }

    /** Waits out the delay and starts again, retrying on the back-off schedule; false when stopping. */
    private boolean restartAfter(Duration delay, StubLaunch launch) {
        while (!stopping) {
            event(RunEvent.Type.RESTART_SCHEDULED, Map.of("delayMillis", delay.toMillis(), "restart", starts));
            try {
                Thread.sleep(delay.toMillis());
                current = launch(launch);
                return true;
            } catch (InterruptedException e) {
                return false;
            } catch (IOException | TargetStartException | RuntimeException e) {
                LOG.warn("restart of {} instance {} failed: {}", launch.target(), launch.instance(), e.getMessage());
                event(RunEvent.Type.START_FAILED, Map.of("reason", String.valueOf(e.getMessage())));
                delay = backoff.delayAfterExit(Duration.ZERO);
            }
        }
        return false;
    }

    private void event(RunEvent.Type type, Map<String, Object> detail) {
        events.write(new RunEvent(System.currentTimeMillis(), firstLaunch.target(), firstLaunch.instance(), type, detail));
    }

    private synchronized void closeLimit() {
        if (limit != null) {
            limit.close();
            limit = null;
        }
    }

    /** Stops supervising and stops the process; nothing is restarted after this. */
    @Override
    public void close() {
        stopping = true;
        watcher.interrupt();
        StubProcess running = current;
        if (running != null) {
            running.child().stop(STOP_GRACE);
        }
        try {
            watcher.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeLimit();
    }
}
