package io.soakrig.analysis.verdict;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.memory.LinearFit;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.analysis.memory.RequestsServed;
import io.soakrig.analysis.verdict.Summary.EndpointFigures;
import io.soakrig.analysis.verdict.Summary.MemoryGrowth;
import io.soakrig.analysis.verdict.Summary.TargetFigures;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.latency.LatencyTag;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The figures of a summary that are measured, not judged: per endpoint, per target's memory and
 * processes, and per layer's attempts. Each is a function of the recordings alone.
 */
final class RunFigures {
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private RunFigures() {
    }

    /** Per endpoint; its unfinished requests, when known, are among its requests and errors. */
    static Map<String, EndpointFigures> endpoints(LatencyRecording latency, RequestAccounting accounting) {
        SortedSet<String> names = new TreeSet<>(latency.endpoints());
        if (accounting != null) {
            names.addAll(accounting.unfinishedByTag().keySet());
        }
        Map<String, EndpointFigures> figures = new LinkedHashMap<>();
        for (String endpoint : names) {
            long ok = latency.tag(endpoint).getTotalCount();
            long failed = latency.tag(LatencyTag.ofRequest(endpoint, LatencyTag.Kind.FAILED).toString()).getTotalCount()
                    + (accounting == null ? 0 : accounting.unfinishedOf(endpoint));
            figures.put(endpoint, new EndpointFigures(ok + failed, failed, Percentiles.of(latency.tag(endpoint))));
        }
        return figures;
    }

    static Map<String, MemoryGrowth> memory(List<MemorySample> samples) {
        Map<String, MemoryGrowth> growth = new TreeMap<>();
        LeakCalls.byTarget(samples).forEach((target, series) -> {
            long t0 = series.get(0).epochMillis();
            double[] minutes = series.stream().mapToDouble(s -> (s.epochMillis() - t0) / 60_000.0).toArray();
            double[] mb = series.stream().mapToDouble(s -> s.gcAwareBytes() / BYTES_PER_MB).toArray();
            double slope = LinearFit.of(minutes, mb).slope();
            growth.put(target, new MemoryGrowth(Double.isNaN(slope) ? null : round(slope), series.size(),
                    round(mb[mb.length - 1]), series.get(series.size() - 1).gcAwareSignal()));
        });
        return growth;
    }

    /**
     * Attempts per logical request at each layer: the clients' own count, then every target's
     * count of requests it served over the run (instances summed, restarts counted from zero).
     */
    static Summary.Amplification amplification(LatencyRecording latency, List<MemorySample> samples) {
        long logical = latency.requests();
        if (logical == 0) {
            return null;
        }
        Map<String, Double> perLayer = new LinkedHashMap<>();
        perLayer.put("client", round((double) latency.attempts() / logical));
        RequestsServed.overRun(samples).forEach((target, count) -> perLayer.put(target, round((double) count / logical)));
        long succeeded = logical - latency.errors();
        Double goodput = latency.spanSeconds() > 0 ? round(succeeded / latency.spanSeconds()) : null;
        return new Summary.Amplification(logical, latency.attempts(), goodput, perLayer);
    }

    static Map<String, Long> lastSamples(List<MemorySample> samples) {
        Map<String, Long> last = new TreeMap<>();
        samples.forEach(s -> last.merge(s.target(), s.epochMillis(), Math::max));
        return last;
    }

    static Map<String, TargetFigures> targets(List<MemorySample> samples) {
        Map<String, TargetFigures> targets = new TreeMap<>();
        LeakCalls.byTarget(samples).forEach((target, series) -> {
            long served = series.get(series.size() - 1).requestsServed();
            targets.put(target, new TargetFigures(served < 0 ? null : served));
        });
        return targets;
    }

    static Map<String, Summary.Supervision> supervision(List<RunEvent> events) {
        Map<String, Summary.Supervision> byTarget = new TreeMap<>();
        events.stream().collect(Collectors.groupingBy(RunEvent::target, TreeMap::new, Collectors.toList()))
                .forEach((target, list) -> {
                    int starts = count(list, RunEvent.Type.STARTED);
                    String mechanism = list.stream().filter(e -> e.type() == RunEvent.Type.STARTED)
                            .map(e -> String.valueOf(((EventDetail.Started) e.detail()).limitEnforcedBy())).reduce((a, b) -> b).orElse("none");
                    byTarget.put(target, new Summary.Supervision(starts, restarts(list),
                            count(list, RunEvent.Type.OOM_KILLED), count(list, RunEvent.Type.EXITED), mechanism));
                });
        return byTarget;
    }

    /**
     * Starts of an instance that follow its own exit or OOM kill. An experiment's fresh targets per cell
     * start every instance once per cell; those are not restarts.
     */
    private static int restarts(List<RunEvent> events) {
        Set<Integer> down = new HashSet<>();
        int restarts = 0;
        for (RunEvent e : events) {
            switch (e.type()) {
                case EXITED, OOM_KILLED -> down.add(e.instance());
                case STARTED -> restarts += down.remove(e.instance()) ? 1 : 0;
                default -> { }
            }
        }
        return restarts;
    }

    private static int count(List<RunEvent> events, RunEvent.Type type) {
        return (int) events.stream().filter(e -> e.type() == type).count();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
