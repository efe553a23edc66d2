package io.soakrig.contract.io;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task run at a fixed rate on one named daemon thread: the sampler, the latency log's interval
 * writer, the arrival counter, the overload poll. Daemon, because a recording thread must never
 * keep a JVM alive that the harness (or Gatling) is stopping; named, because a thread dump of a
 * stuck run should say whose thread it is.
 *
 * <p>Closing stops the ticks and waits (up to the given time) for a tick in progress, so the
 * caller may then do a last tick itself without two running at once.
 *
 * <pre>{@code
 * try (DaemonTicker ticker = DaemonTicker.start("memory-sampler", Duration.ZERO, Duration.ofSeconds(1), this::sample)) {
 *     ...
 * }
 * }</pre>
 */
public final class DaemonTicker implements AutoCloseable {
    private static final Duration DEFAULT_STOP_WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService executor;

    private DaemonTicker(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code tick} every {@code period} after {@code initialDelay} on a daemon thread named
     * {@code threadName}. An exception thrown by a tick ends the ticking (as with
     * {@link ScheduledExecutorService#scheduleAtFixedRate}): ticks catch what they can survive.
     *
     * @param period &gt; 0
     */
    public static DaemonTicker start(String threadName, Duration initialDelay, Duration period, Runnable tick) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a ticker's period must be positive, was " + period);
        }
        ScheduledExecutorService executor = scheduler(threadName);
        executor.scheduleAtFixedRate(tick, initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return new DaemonTicker(executor);
    }

    /**
     * A single daemon thread named {@code threadName} for callers that schedule several tasks
     * of their own on it (each with its own {@link ScheduledFuture}).
     */
    public static ScheduledExecutorService scheduler(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(daemonThreads(threadName));
    }

    /** Threads named {@code threadName}, daemon. */
    public static ThreadFactory daemonThreads(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, …, daemon: for a pool of workers. */
    public static ThreadFactory numberedDaemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stops ticking and waits up to {@code wait} for a tick in progress to end.
     *
     * @return whether no tick is still running
     */
    public boolean stop(Duration wait) {
        executor.shutdownNow();
        try {
            return executor.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops ticking, waiting up to 5 s for a tick in progress. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_WAIT);
    }
}
