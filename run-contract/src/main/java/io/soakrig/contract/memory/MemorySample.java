package io.soakrig.contract.memory;

import io.soakrig.contract.InstanceLabel;

/**
 * One reading of a target's memory.
 *
 * @param epochMillis    when it was taken
 * @param target         the sampled process's {@link InstanceLabel label}: the target's name, {@code name#i} for one of several instances
 * @param source         where it came from (e.g. {@code stub-admin})
 * @param heapUsedBytes  heap in use at that moment; -1 when the source has no heap figure
 * @param heapAfterGcBytes heap in use right after the last collection; -1 when unknown
 * @param rssBytes       resident set size of the process; -1 when unknown
 * @param gcCount        collections so far; -1 when unknown
 * @param requestsServed requests the target reports having answered; -1 when unknown
 * @param metricBytes    the figure of a user-declared Prometheus metric, or a Redis's {@code used_memory};
 *                       -1 for other sources
 * @param limitBytes     the memory limit the target itself reports (a Redis's {@code maxmemory}), which
 *                       its figure grows towards; -1 when it reports none (0 in Redis: unlimited)
 * @param keys           the keys a store holds (a Redis's {@code DBSIZE}); -1 for other sources
 */
public record MemorySample(
        long epochMillis,
        String target,
        String source,
        long heapUsedBytes,
        long heapAfterGcBytes,
        long rssBytes,
        long gcCount,
        long requestsServed,
        long metricBytes,
        long limitBytes,
        long keys) {

    /** A reading from a source that reports neither a limit of its own nor a key count. */
    public MemorySample(long epochMillis, String target, String source, long heapUsedBytes, long heapAfterGcBytes,
                        long rssBytes, long gcCount, long requestsServed, long metricBytes) {
        this(epochMillis, target, source, heapUsedBytes, heapAfterGcBytes, rssBytes, gcCount, requestsServed, metricBytes, -1, -1);
    }

    /**
     * The figure growth is judged on: heap after GC when the target has collected at least once,
     * because between collections heap used is a sawtooth of garbage, not of retained memory;
     * the metric a profile declared for a Prometheus source (per-window minima then take out a
     * sawtooth); heap used before the first collection; RSS for sources without a heap.
     */
    public long gcAwareBytes() {
        return switch (gcAwareSignal()) {
            case HEAP_AFTER_GC -> heapAfterGcBytes;
            case METRIC -> metricBytes;
            case HEAP_USED -> heapUsedBytes;
            case RSS -> rssBytes;
        };
    }

    /** Which figure {@link #gcAwareBytes()} is. */
    public Signal gcAwareSignal() {
        if (heapAfterGcBytes >= 0) {
            return Signal.HEAP_AFTER_GC;
        }
        if (metricBytes >= 0) {
            return Signal.METRIC;
        }
        return heapUsedBytes >= 0 ? Signal.HEAP_USED : Signal.RSS;
    }

    /** The memory figures a sample can carry, best for growth judgement first. */
    public enum Signal { HEAP_AFTER_GC, METRIC, HEAP_USED, RSS }
}
