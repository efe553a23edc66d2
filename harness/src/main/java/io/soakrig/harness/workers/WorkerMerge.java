package io.soakrig.harness.workers;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.arrivals.ArrivalsCsv;
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
    private final List<ArrivalsCsv.Tail> workerArrivals = new ArrayList<>();
    /** Per worker, the last second it delivered a row of; -1 before its first. */
    private final int[] lastSecond;
    /** The workers' started arrivals of the seconds not merged yet, per second and population. */
    private final TreeMap<Integer, Map<String, Long>> pending = new TreeMap<>();
    private ArrivalsCsv.Writer arrivals;
    /** The next second to merge. */
    private int merged;

    public WorkerMerge(RunLayout run, int count, long startAtMillis, Profile profile) {
        this.run = run;
        this.count = count;
        this.lastSecond = new int[count];
        java.util.Arrays.fill(lastSecond, -1);
        for (int i = 0; i < count; i++) {
            workerArrivals.add(new ArrivalsCsv.Tail(run.worker(i).arrivals()));
        }
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
     * Appends to {@code arrivals.csv} the seconds every running worker has delivered completely
     * (a worker's last second may still lack a population's row; all seconds when {@code all},
     * except a last second only some workers wrote: each writes a second once it is over, and
     * whether the last one ended before its generator closed is a matter of milliseconds, so
     * that second is dropped as a single generator's unfinished last second is):
     * per second and population, the plan's intended arrivals and the workers' started ones
     * summed. Each worker's log is read from where the last merge stopped, and only the seconds
     * not merged yet are held, so a merge costs the same however long the run.
     */
    private void writeArrivals(Collection<Integer> ended, boolean all) throws IOException {
        for (int i = 0; i < count; i++) {
            Optional<ArrivalsCsv.Rows> rows = workerArrivals.get(i).poll();
            for (ArrivalsCsv.Row row : rows.map(ArrivalsCsv.Rows::rows).orElse(List.of())) {
                pending.computeIfAbsent(row.second(), s -> new LinkedHashMap<>()).merge(row.population(), row.started(), Long::sum);
                lastSecond[i] = Math.max(lastSecond[i], row.second());
            }
        }
        int complete = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            if (!ended.contains(i) && !all) {
                complete = Math.min(complete, lastSecond[i] - 1);
            }
        }
        int newest = pending.isEmpty() ? merged - 1 : pending.lastKey();
        boolean closing = all || ended.size() == count;
        boolean unfinished = closing && java.util.Arrays.stream(lastSecond).anyMatch(s -> s < newest);
        int until = Math.min(complete, unfinished ? newest - 1 : newest);
        if (arrivals == null) {
            arrivals = ArrivalsCsv.Writer.create(run.arrivals());
        }
        for (; merged <= until; merged++) {
            Map<String, Long> counts = pending.getOrDefault(merged, Map.of());
            Duration from = Duration.ofSeconds(merged);
            for (Map.Entry<String, ArrivalPlan> plan : plans.entrySet()) {
                double intended = plan.getValue().intendedBetween(from, from.plusSeconds(1));
                long started = counts.getOrDefault(plan.getKey(), 0L);
                if (intended > 0 || started > 0) {
                    arrivals.write(new ArrivalsCsv.Row(merged, plan.getKey(), intended, started));
                }
            }
            pending.remove(merged);
        }
        arrivals.flush();
    }

    /** Seconds held for merging now: what the merge keeps of the workers' arrival logs. */
    int pendingSeconds() {
        return pending.size();
    }

    @Override
    public void close() {
        latency.close();
        if (arrivals != null) {
            arrivals.close();
        }
    }
}
