package io.soakrig.harness.supervision;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.io.DaemonTicker;
import io.soakrig.harness.process.StubProcess;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.profile.StubLaunch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        this.watcher = DaemonTicker.daemonThreads("supervisor-" + launch.target() + "-" + launch.instance()).newThread(this::watch);
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
            event(new EventDetail.Started(stub.child().pid(), stub.launch().port(), limitBytes == null ? -1 : limitBytes,
                    limit == null ? "none" : limit.mechanism()));
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
            long pid = running.child().pid();
            Long peakBytes = limit == null ? null : limit.peakBytes();
            Long limitedTo = limit == null ? null : limitBytes;
            event(oomKilled ? new EventDetail.OomKilled(pid, exit, ranFor.toMillis(), limit.mechanism(), peakBytes, limitedTo)
                    : new EventDetail.Exited(pid, exit, ranFor.toMillis(), null, peakBytes, limitedTo));
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
            event(new EventDetail.RestartScheduled(delay.toMillis(), starts));
            try {
                Thread.sleep(delay.toMillis());
                current = launch(launch);
                return true;
            } catch (InterruptedException e) {
                return false;
            } catch (IOException | TargetStartException | RuntimeException e) {
                LOG.warn("restart of {} instance {} failed: {}", launch.target(), launch.instance(), e.getMessage());
                event(new EventDetail.StartFailed(String.valueOf(e.getMessage())));
                delay = backoff.delayAfterExit(Duration.ZERO);
            }
        }
        return false;
    }

    private void event(EventDetail detail) {
        events.write(new RunEvent(System.currentTimeMillis(), firstLaunch.target(), firstLaunch.instance(), detail));
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
