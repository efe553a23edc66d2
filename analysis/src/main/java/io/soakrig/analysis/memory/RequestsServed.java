package io.soakrig.analysis.memory;

import io.soakrig.contract.InstanceLabel;
import io.soakrig.contract.memory.MemorySample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests each target served over a span of time, from the request counters its samples carry:
 * per instance, the increments of the counter between consecutive readings, from the last reading
 * before the span to the first at or after its end, instances summed. A counter that fell was
 * reset by a restart and counts from zero — so a target that was killed and restarted is not
 * credited with fewer requests, or a negative number, for it.
 */
public final class RequestsServed {
    private RequestsServed() {
    }

    /** By target; a target whose readings do not reach {@code endMillis} is left out. */
    public static Map<String, Long> between(List<MemorySample> samples, long startMillis, long endMillis) {
        return count(samples, startMillis, endMillis, true);
    }

    /** By target, over every reading of the run. */
    public static Map<String, Long> overRun(List<MemorySample> samples) {
        return count(samples, Long.MIN_VALUE, Long.MAX_VALUE, false);
    }

    private static Map<String, Long> count(List<MemorySample> samples, long startMillis, long endMillis, boolean toEnd) {
        Map<String, List<MemorySample>> byInstance = new TreeMap<>();
        samples.stream().filter(s -> s.requestsServed() >= 0)
                .forEach(s -> byInstance.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s));
        Map<String, Long> served = new TreeMap<>();
        byInstance.forEach((label, readings) -> {
            readings.sort(Comparator.comparingLong(MemorySample::epochMillis));
            MemorySample before = null;
            long total = 0;
            boolean reached = false;
            for (MemorySample r : readings) {
                if (r.epochMillis() <= startMillis) {
                    before = r;
                    continue;
                }
                total += before == null || r.requestsServed() < before.requestsServed()
                        ? r.requestsServed() : r.requestsServed() - before.requestsServed();
                before = r;
                if (r.epochMillis() >= endMillis) {
                    reached = true;
                    break;
                }
            }
            if (reached || !toEnd) {
                served.merge(InstanceLabel.targetOf(label), total, Long::sum);
            }
        });
        return served;
    }
}
