package io.soakrig.harness.supervision;

import io.soakrig.contract.io.DaemonTicker;
import java.io.IOException;
import io.soakrig.harness.sampling.ProcessRssSource;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A memory limit enforced from outside where no cgroup can be created: the process's resident
 * set size is read from {@code /proc/<pid>/status} every {@link #PERIOD_MILLIS} ms and the
 * process is SIGKILLed as soon as it exceeds the limit — what the kernel's OOM killer does to a
 * container, give or take one polling period of overshoot.
 */
final class RssWatchdog implements MemoryLimit {
    static final long PERIOD_MILLIS = 50;
    private static final ScheduledExecutorService POLLER = DaemonTicker.scheduler("rss-watchdog");

    private final long limitBytes;
    private volatile boolean killed;
    private final AtomicLong peak = new AtomicLong(-1);
    private ScheduledFuture<?> polling;

    RssWatchdog(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    @Override
    public String mechanism() {
        return "rss-watchdog";
    }

    @Override
    public List<String> commandPrefix() {
        return List.of();
    }

    @Override
    public void attach(Process process) {
        polling = POLLER.scheduleAtFixedRate(() -> {
            if (!process.isAlive()) {
                return;
            }
            long rss = rss(process.pid());
            peak.accumulateAndGet(rss, Math::max);
            if (rss > limitBytes) {
                killed = true;
                process.destroyForcibly();
            }
        }, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static long rss(long pid) {
        try {
            return ProcessRssSource.rssBytes(pid);
        } catch (IOException | NumberFormatException gone) {
            return 0;
        }
    }

    @Override
    public boolean killedIt() {
        return killed;
    }

    @Override
    public long peakBytes() {
        return peak.get();
    }

    @Override
    public void close() {
        if (polling != null) {
            polling.cancel(false);
        }
    }
}
