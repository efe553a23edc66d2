package io.soakrig.harness.container;

import io.soakrig.harness.supervision.MemoryCgroup;

/**
 * Reads a container's cgroup every {@value #POLL_MILLIS} ms on a thread of its own while the
 * container runs, keeping the highest OOM-kill count and charge seen: the engine removes the
 * cgroup a few hundred milliseconds after the container dies, so the kill has to be caught in
 * that window, and not behind a slower call to the engine.
 */
final class CgroupWatch {
    static final long POLL_MILLIS = 10;

    private final MemoryCgroup cgroup;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long oomKills;
    private volatile long peakBytes = -1;

    private CgroupWatch(MemoryCgroup cgroup, String target) {
        this.cgroup = cgroup;
        this.thread = new Thread(this::poll, "cgroup-watch-" + target);
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code cgroup}; a null cgroup (not readable from here) gives a watch that saw nothing. */
    static CgroupWatch start(MemoryCgroup cgroup, String target) {
        CgroupWatch watch = new CgroupWatch(cgroup, target);
        if (cgroup != null) {
            watch.thread.start();
        }
        return watch;
    }

    private void poll() {
        while (!stopped) {
            long kills = cgroup.oomKills();
            if (kills < 0) {
                return; // the cgroup is gone: what was seen is all there is
            }
            oomKills = Math.max(oomKills, kills);
            peakBytes = Math.max(peakBytes, cgroup.peakBytes());
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops watching, after a last reading if the cgroup is still there. */
    void stop() {
        stopped = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cgroup != null) {
            oomKills = Math.max(oomKills, cgroup.oomKills());
            peakBytes = Math.max(peakBytes, cgroup.peakBytes());
        }
    }

    /** The most OOM kills the cgroup counted. */
    long oomKills() {
        return oomKills;
    }

    /** The highest charge seen, or -1. */
    long peakBytes() {
        return peakBytes;
    }
}
