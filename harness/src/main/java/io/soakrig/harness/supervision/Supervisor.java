package io.soakrig.harness.supervision;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.io.DaemonTicker;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.TargetStartException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
        this.watcher = DaemonTicker.daemonThreads("supervisor-" + target + "-" + instance).newThread(this::watch);
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
            event(new EventDetail.Started(child(started).pid(), port(started), limitBytes == null ? -1 : limitBytes,
                    limit == null ? "none" : limit.mechanism()));
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
            long pid = running.pid();
            Long peakBytes = limit == null ? null : limit.peakBytes();
            Long limitedTo = limit == null ? null : limitBytes;
            event(oomKilled ? new EventDetail.OomKilled(pid, exit, ranFor.toMillis(), limit.mechanism(), peakBytes, limitedTo)
                    : new EventDetail.Exited(pid, exit, ranFor.toMillis(), null, peakBytes, limitedTo));
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
            event(new EventDetail.RestartScheduled(delay.toMillis(), starts));
            try {
                Thread.sleep(delay.toMillis());
                current = launchLimited();
                return true;
            } catch (InterruptedException e) {
                return false;
            } catch (IOException | TargetStartException | RuntimeException e) {
                LOG.warn("restart of {} instance {} failed: {}", target, instance, e.getMessage());
                event(new EventDetail.StartFailed(String.valueOf(e.getMessage())));
                delay = backoff.delayAfterExit(Duration.ZERO);
            }
        }
        return false;
    }

    private void event(EventDetail detail) {
        events.write(new RunEvent(System.currentTimeMillis(), target, instance, detail));
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
