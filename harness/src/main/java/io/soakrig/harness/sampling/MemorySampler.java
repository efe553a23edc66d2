package io.soakrig.harness.sampling;

import io.soakrig.contract.io.DaemonTicker;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every target's memory on a fixed period and appends the readings to the run's
 * memory-sample log.
 *
 * <p>A failed reading is logged once per target and skipped, not retried in a burst: a target
 * that stopped answering is a fact the memory series shows as a gap.
 */
public final class MemorySampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemorySampler.class);

    private final List<MemorySource> sources;
    private final MemorySampleLog log;
    private final Map<String, MemorySample> latest = new ConcurrentHashMap<>();
    /** Appended once a second per target for the whole run: an array list, as a copy-on-write list would copy it all on every append. */
    private final List<MemorySample> taken = new ArrayList<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private volatile DaemonTicker timer;

    public MemorySampler(List<MemorySource> sources, MemorySampleLog log) {
        this.sources = List.copyOf(sources);
        this.log = log;
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

    /** Every sample taken so far, in order: what the log holds, without reading it back. */
    public List<MemorySample> taken() {
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    private void sampleAll() {
        for (MemorySource source : sources) {
            try {
                MemorySample sample = source.sample();
                log.append(sample);
                synchronized (taken) {
                    taken.add(sample);
                }
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
