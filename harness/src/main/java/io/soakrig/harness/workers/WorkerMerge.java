package io.soakrig.harness.workers;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.arrivals.ArrivalsCsv;
import io.soakrig.contract.io.AtomicFiles;
import io.soakrig.contract.latency.LatencyLogMerge;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.requests.StartedRequestsFile;
import io.soakrig.profile.ArrivalPlan;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The run's recordings made from its workers' ({@link RunLayout#worker}): {@code latency.hlog}
 * as the exact sum of theirs ({@link LatencyLogMerge}), {@code arrivals.csv} with the whole
 * plan's intended arrivals against the sum of the workers' started ones — so a worker that is
 * missing shows as a shortfall, never as a smaller plan — and {@code requests.json} as the sum of
 * their counts once every worker delivered its own. Every reader of a run directory (live judge,
 * verdict, report, {@code HistogramLogProcessor}) reads the merged files as a single generator's.
 */
public final class WorkerMerge implements AutoCloseable {
    /** Intervals of the workers' latency logs; the simulation's. */
    public static final long INTERVAL_MILLIS = 1000;

    private final RunLayout run;
    private final int count;
    private final LatencyLogMerge latency;
    private final Map<String, ArrivalPlan> plans = new LinkedHashMap<>();

    public WorkerMerge(RunLayout run, int count, long startAtMillis, Profile profile) {
        this.run = run;
        this.count = count;
        this.latency = LatencyLogMerge.create(run.latencyLog(),
                IntStream.range(0, count).mapToObj(i -> run.worker(i).latencyLog()).toList(), startAtMillis, INTERVAL_MILLIS);
        List<String> arms = profile.canary() == null ? List.of("") : LatencyTag.CANARY_ARMS;
        for (String arm : arms) {
            profile.arrivalPlans().forEach(p -> plans.put(LatencyTag.armed(arm, p.population()), p));
        }
    }

    /** Merges what the workers delivered so far; {@code ended} are those whose recordings will not grow. */
    public void poll(Collection<Integer> ended) throws IOException {
        latency.poll(ended);
        writeArrivals(ended, false);
    }

    /** The last merge, of everything delivered: every interval and second, and the started counts if all are there. */
    public void finish() throws IOException {
        latency.finish();
        writeArrivals(List.of(), true);
        Map<String, Long> started = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            if (!java.nio.file.Files.exists(run.worker(i).requests())) {
                return;
            }
            StartedRequestsFile.read(run.worker(i).requests()).forEach((tag, n) -> started.merge(tag, n, Long::sum));
        }
        StartedRequestsFile.write(run.requests(), started);
    }

    /** The highest latency interval read from worker {@code index}, from 0; -1 before its first. */
    public long lastInterval(int index) {
        return latency.lastInterval(index);
    }

    /**
     * Rewrites {@code arrivals.csv} up to the last second every running worker has delivered (all
     * seconds when {@code all}): per second and population, the plan's intended arrivals and the
     * workers' started ones summed.
     */
    private void writeArrivals(Collection<Integer> ended, boolean all) throws IOException {
        TreeMap<Integer, Map<String, Long>> started = new TreeMap<>();
        int complete = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            Optional<List<ArrivalsCsv.Row>> rows = ArrivalsCsv.read(run.worker(i).arrivals());
            int last = -1;
            for (ArrivalsCsv.Row row : rows.orElse(List.of())) {
                started.computeIfAbsent(row.second(), s -> new LinkedHashMap<>()).merge(row.population(), row.started(), Long::sum);
                last = Math.max(last, row.second());
            }
            if (!ended.contains(i)) {
                complete = Math.min(complete, last);
            }
        }
        int last = started.isEmpty() ? -1 : started.lastKey();
        int until = all ? last : Math.min(complete, last);
        List<ArrivalsCsv.Row> merged = new ArrayList<>();
        for (int second = 0; second <= until; second++) {
            Map<String, Long> counts = started.getOrDefault(second, Map.of());
            Duration from = Duration.ofSeconds(second);
            for (Map.Entry<String, ArrivalPlan> plan : plans.entrySet()) {
                double intended = plan.getValue().intendedBetween(from, from.plusSeconds(1));
                long count = counts.getOrDefault(plan.getKey(), 0L);
                if (intended > 0 || count > 0) {
                    merged.add(new ArrivalsCsv.Row(second, plan.getKey(), intended, count));
                }
            }
        }
        AtomicFiles.replace(run.arrivals(), partial -> {
            try (ArrivalsCsv.Writer out = ArrivalsCsv.Writer.create(partial)) {
                merged.forEach(out::write);
            }
        });
    }

    @Override
    public void close() {
        latency.close();
    }
}
