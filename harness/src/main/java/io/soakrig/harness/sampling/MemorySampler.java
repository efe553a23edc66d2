package io.soakrig.harness.sampling;

import io.soakrig.contract.io.DaemonTicker;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every target's memory on a fixed period and appends the readings to the run's
 * memory-sample log, stamped by one {@link SampleClock} anchored to the wall clock when the
 * sampler is made: readings keep increasing in time whatever the wall clock does.
 *
 * <p>A failed reading is logged once per target and skipped, not retried in a burst: a target
 * that stopped answering is a fact the memory series shows as a gap.
 */
public final class MemorySampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemorySampler.class);

    private final List<MemorySource> sources;
    private final MemorySampleLog log;
    private final Map<String, MemorySample> latest = new ConcurrentHashMap<>();
    /** What the live judgement needs of every sample, bounded: the log holds them all. */
    private final MemoryObservations observed = new MemoryObservations();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final SampleClock clock;
    private volatile DaemonTicker timer;

    public MemorySampler(List<MemorySource> sources, MemorySampleLog log) {
        this(sources, log, SampleClock.startingNow());
    }

    MemorySampler(List<MemorySource> sources, MemorySampleLog log, SampleClock clock) {
        this.sources = List.copyOf(sources);
        this.log = log;
        this.clock = clock;
    }

    /** Starts sampling every {@code period}, the first sample immediately. */
    public void start(Duration period) {
        timer = DaemonTicker.start("memory-sampler", Duration.ZERO, period, this::sampleAll);
    }

    /** Takes one sample of every target now, on the caller's thread, after stopping the timer. */
    public void finalSample() {
        stopTimer();
        sampleAll();
    }

    /** The most recent sample of each target, for progress display, in target order. */
    public Map<String, MemorySample> latest() {
        return new java.util.TreeMap<>(latest);
    }

    /**
     * The samples taken so far as the live judgement needs them, without reading the log back: a
     * series with the same leak calls as every sample, in memory of a fixed bound (see
     * {@link MemoryObservations}).
     */
    public List<MemorySample> observed() {
        return observed.judged();
    }

    private void sampleAll() {
        for (MemorySource source : sources) {
            try {
                MemorySample sample = source.sample(clock);
                log.append(sample);
                observed.add(sample);
                latest.put(source.target(), sample);
                failing.remove(source.target());
            } catch (IOException | RuntimeException ex) {
                if (failing.put(source.target(), true) == null) {
                    LOG.warn("cannot sample memory of target {}: {}", source.target(), ex.toString());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void stopTimer() {
        if (timer != null) {
            timer.stop(PrometheusText.SCRAPE_TIMEOUT.multipliedBy(2));
        }
    }

    /** Stops sampling and closes the sources that hold a connection of their own (a Redis's). */
    @Override
    public void close() {
        stopTimer();
        for (MemorySource source : sources) {
            if (source instanceof AutoCloseable connection) {
                try {
                    connection.close();
                } catch (Exception e) {
                    LOG.debug("closing the memory source of {}: {}", source.target(), e.toString());
                }
            }
        }
    }
}
