package io.soakrig.harness.supervision;

import io.soakrig.analysis.events.RunEvent;
import io.soakrig.analysis.events.RunEventLog;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.TargetStartException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target process under supervision, as a container under its kubelet: started under its
 * memory limit, watched, and — with restart policy {@code always} — restarted after every exit on
 * the CrashLoopBackOff schedule. Every start, exit, OOM kill and scheduled restart is an event in
 * the run's {@code events.jsonl}. What the process is (a stub JVM, a redis-server) is the
 * subclass's: it starts one, and starts it again at the address of the first start.
 *
 * @param <P> one started process of the kind
 */
abstract class Supervisor<P> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String target;
    private final int instance;
    private final MemoryLimits limits;
    private final Long limitBytes;
    private final CrashLoopBackOff backoff;
    private final boolean restarts;
    private final RunEventLog events;
    private final Thread watcher;
    private volatile boolean stopping;
    private volatile P current;
    private MemoryLimit limit;
    private int starts;

    /**
     * @param limitBytes its container memory limit, or null for none
     * @param backoff    the restart delays, in wall-clock time
     * @param restarts   whether an exited process is restarted
     */
    Supervisor(String target, int instance, MemoryLimits limits, Long limitBytes, CrashLoopBackOff backoff,
               boolean restarts, RunEventLog events) {
        this.target = target;
        this.instance = instance;
        this.limits = limits;
        this.limitBytes = limitBytes;
        this.backoff = backoff;
        this.restarts = restarts;
        this.events = events;
        this.watcher = new Thread(this::watch, "supervisor-" + target + "-" + instance);
        this.watcher.setDaemon(true);
    }

    /**
     * Starts one process, its command behind {@code prefix} (the words that put it under its
     * memory limit); the first start binds the ports every later one binds again.
     */
    abstract P launch(List<String> prefix) throws IOException, InterruptedException, TargetStartException;

    abstract ChildProcess child(P process);

    abstract int port(P process);

    /** Starts the process and its supervision; the running process. */
    final P startSupervised() throws IOException, InterruptedException, TargetStartException {
        current = launchLimited();
        watcher.start();
        return current;
    }

    /** The process now running (or the last one, while a restart is pending). */
    final P current() {
        return current;
    }

    private P launchLimited() throws IOException, InterruptedException, TargetStartException {
        starts++;
        limit = limitBytes == null ? null
                : limits.limit("soakrig-" + ProcessHandle.current().pid() + "-" + target + "-" + instance + "-" + starts, limitBytes);
        try {
            P started = launch(limit == null ? List.of() : limit.commandPrefix());
            if (limit != null) {
                limit.attach(child(started).process());
            }
            event(RunEvent.Type.STARTED, Map.of("pid", child(started).pid(), "port", port(started),
                    "limitBytes", limitBytes == null ? -1 : limitBytes,
                    "limitEnforcedBy", limit == null ? "none" : limit.mechanism()));
            return started;
        } catch (IOException | TargetStartException | RuntimeException e) {
            closeLimit();
            throw e;
        }
    }

    private void watch() {
        while (!stopping) {
            ChildProcess running = child(current);
            long startedAt = System.nanoTime();
            int exit;
            try {
                exit = running.process().waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            Duration ranFor = Duration.ofNanos(System.nanoTime() - startedAt);
            boolean oomKilled = limit != null && limit.killedIt();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("pid", running.pid());
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
            if (!restartAfter(backoff.delayAfterExit(ranFor))) {
                return;
            }
        }
    }

    /** Waits out the delay and starts again, retrying on the back-off schedule; false when stopping. */
    private boolean restartAfter(Duration delay) {
        while (!stopping) {
            event(RunEvent.Type.RESTART_SCHEDULED, Map.of("delayMillis", delay.toMillis(), "restart", starts));
            try {
                Thread.sleep(delay.toMillis());
                current = launchLimited();
                return true;
            } catch (InterruptedException e) {
                return false;
            } catch (IOException | TargetStartException | RuntimeException e) {
                LOG.warn("restart of {} instance {} failed: {}", target, instance, e.getMessage());
                event(RunEvent.Type.START_FAILED, Map.of("reason", String.valueOf(e.getMessage())));
                delay = backoff.delayAfterExit(Duration.ZERO);
            }
        }
        return false;
    }

    private void event(RunEvent.Type type, Map<String, Object> detail) {
        events.write(new RunEvent(System.currentTimeMillis(), target, instance, type, detail));
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
        P running = current;
        if (running != null) {
            child(running).stop(STOP_GRACE);
        }
        try {
            watcher.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeLimit();
    }
}
