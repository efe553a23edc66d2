package io.soakrig.simulations.recording;

import io.soakrig.contract.arrivals.ArrivalsCsv;
import io.soakrig.contract.io.DaemonTicker;
import io.soakrig.profile.ArrivalPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Arrivals the schedule intended against arrivals the generator actually started, per second and
 * population, written as {@code arrivals.csv} ({@link ArrivalsCsv}).
 *
 * <p>Latency is measured from each arrival's start, so it is free of coordinated omission only
 * while arrivals start on time. When the generator itself is starved (CPU, GC, a paused JVM)
 * arrivals start late, the target sees a gentler load than planned and the latency measured is
 * not the target's; this log is how the harness notices. Second 0 starts with the first arrival
 * (the generator's own start-up is not a shortfall); a second is written once it is over, so a
 * killed run keeps every complete second.
 *
 * <p>One of several workers ({@link #startAligned}) holds its start against the workers' shared
 * start: a generator whose first arrival comes later than {@code grace} after it (more than its
 * own start-up) logs the whole seconds it missed as intended and not started, so its shortfall
 * shows in its own log and, summed, in the run's — not only as a late first latency interval.
 */
public final class ArrivalLog implements AutoCloseable {
    private final ArrivalsCsv.Writer out;
    private final LongSupplier nanoClock;
    private volatile long startNanos;
    private volatile boolean started0;
    /** The workers' shared start on {@link #nanoClock}, and how late a first arrival may come; grace -1: not held. */
    private long sharedStartNanos;
    private long graceNanos = -1;
    private final Map<String, ArrivalPlan> plans = new LinkedHashMap<>();
    private final Map<String, AtomicLongArray> started = new LinkedHashMap<>();
    private final int seconds;
    private DaemonTicker writer;
    private int written;

    ArrivalLog(Path file, List<ArrivalPlan> plans, Duration drain, LongSupplier nanoClock) {
        out = ArrivalsCsv.Writer.create(file);
        this.nanoClock = nanoClock;
        Duration longest = plans.stream().map(ArrivalPlan::duration).max(Duration::compareTo).orElse(Duration.ZERO);
        this.seconds = (int) longest.plus(drain).toSeconds() + 2;
        for (ArrivalPlan plan : plans) {
            this.plans.put(plan.population(), plan);
            this.started.put(plan.population(), new AtomicLongArray(seconds));
        }
    }

    /** Starts the log; second 0 begins at the first arrival, and each second is written as it ends. */
    public static ArrivalLog start(Path file, List<ArrivalPlan> plans, Duration drain) {
        ArrivalLog log = new ArrivalLog(file, plans, drain, System::nanoTime);
        log.writer = DaemonTicker.start("soakrig-arrival-log", Duration.ofSeconds(1), Duration.ofSeconds(1), log::writeCompleteSeconds);
        return log;
    }

    /**
     * Starts the log of one of several workers, held against {@code startAtMillis}, the workers'
     * shared start: a first arrival later than {@code grace} after it makes the seconds missed
     * part of the log.
     */
    public static ArrivalLog startAligned(Path file, List<ArrivalPlan> plans, Duration drain, long startAtMillis, Duration grace) {
        ArrivalLog log = new ArrivalLog(file, plans, drain, System::nanoTime);
        log.holdTo(System.nanoTime() - Duration.ofMillis(System.currentTimeMillis() - startAtMillis).toNanos(), grace);
        log.writer = DaemonTicker.start("soakrig-arrival-log", Duration.ofSeconds(1), Duration.ofSeconds(1), log::writeCompleteSeconds);
        return log;
    }

    /** Holds the first arrival to {@code sharedStartNanos} on the log's clock, {@code grace} allowed. */
    void holdTo(long sharedStartNanos, Duration grace) {
        this.sharedStartNanos = sharedStartNanos;
        this.graceNanos = grace.toNanos();
    }

    /** Counts one arrival of {@code population} starting now. */
    public void started(String population) {
        if (!started0) {
            synchronized (this) {
                if (!started0) {
                    long now = nanoClock.getAsLong();
                    long late = now - sharedStartNanos;
                    startNanos = graceNanos >= 0 && late > graceNanos ? now - late / 1_000_000_000L * 1_000_000_000L : now;
                    started0 = true;
                }
            }
        }
        long second = (nanoClock.getAsLong() - startNanos) / 1_000_000_000L;
        AtomicLongArray counts = started.get(population);
        if (counts != null && second < seconds) {
            counts.incrementAndGet((int) second);
        }
    }

    /** Writes every second that has ended and not been written yet. */
    synchronized void writeCompleteSeconds() {
        if (!started0) {
            return;
        }
        int complete = (int) Math.min(seconds, (nanoClock.getAsLong() - startNanos) / 1_000_000_000L);
        for (; written < complete; written++) {
            Duration from = Duration.ofSeconds(written);
            for (Map.Entry<String, ArrivalPlan> e : plans.entrySet()) {
                double intended = e.getValue().intendedBetween(from, from.plusSeconds(1));
                long count = started.get(e.getKey()).get(written);
                if (intended > 0 || count > 0) {
                    out.write(new ArrivalsCsv.Row(written, e.getKey(), intended, count));
                }
            }
        }
        out.flush();
    }

    /** Writes the seconds that have ended and closes the file. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        writeCompleteSeconds();
        out.close();
    }
}
