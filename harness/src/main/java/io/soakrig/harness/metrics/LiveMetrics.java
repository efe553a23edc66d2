package io.soakrig.harness.metrics;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.memory.MemorySample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The run as Prometheus series, for watching a multi-hour soak in Grafana while it goes. Nothing
 * here records anything: each scrape is drawn from the latest {@link Observation} — what the
 * harness's live watch already read (the latency log's running totals, the arrival log, the memory
 * samples, the leak calls, the event log) — so the series cannot disagree with the run directory,
 * and they cost the same at hour six as at minute one (one histogram per tag, one figure per target).
 *
 * <p>Latency is a classic histogram per endpoint and outcome built from the latency log's
 * HdrHistogram totals: Prometheus can aggregate and take quantiles of it across workers and runs;
 * pre-computed percentiles could not be. Bucket bounds are exact to HdrHistogram's three
 * significant digits. Its {@code _count} is the latency log's count of that tag.
 */
public final class LiveMetrics implements MultiCollector {
    /** Classic bucket upper bounds, seconds: 1 ms to 10 s, the range request timeouts allow by default. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            Double.POSITIVE_INFINITY};

    /** Where the run is. */
    public enum RunState { STARTING, RUNNING, JUDGING, ENDED }

    /** The verdict as far as it is known: UNDECIDED until a gate fails live or the run is judged. */
    public enum VerdictSoFar { UNDECIDED, PASS, FAIL, INCONCLUSIVE, ERROR }

    /** A registry holding these series alone: what {@link MetricsServer} serves and {@link MetricsPush} sends. */
    public PrometheusRegistry registry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(this);
        return registry;
    }

    /**
     * What the live watch read at one look.
     *
     * @param generator the arrival log's check, or null before the first arrival
     * @param latency   the latency log's running totals per tag
     * @param memory    each sampled target's latest sample
     * @param leaks     each sampled target's leak call
     * @param events    the run's events since the previous observation (restarts, OOM kills are counted)
     * @param failing   whether a gate has already failed live (a gated leak, the canary)
     */
    public record Observation(GeneratorCheck.Result generator, LatencyRecording latency, Map<String, MemorySample> memory,
                              Map<String, Summary.Leak> leaks, List<RunEvent> events, boolean failing) {
    }

    private static final Observation NOTHING = new Observation(null, null, Map.of(), Map.of(), List.of(), false);

    private volatile Observation latest = NOTHING;
    /** Restarts and OOM kills per target, counted from each observation's new events: {restarts, OOM kills}. */
    private volatile Map<String, long[]> incidents = Map.of();
    private volatile RunState state = RunState.STARTING;
    private volatile VerdictSoFar verdict = VerdictSoFar.UNDECIDED;

    /** Replaces what the series show with a newer look. */
    public void observe(Observation observation) {
        count(observation.events());
        latest = observation;
        if (observation.failing() && verdict == VerdictSoFar.UNDECIDED) {
            verdict = VerdictSoFar.FAIL;
        }
    }

    public void state(RunState state) {
        this.state = state;
    }

    /**
     * The run's final verdict and leak calls, once judged. The final calls take a look at the end
     * of the run that the live judge never takes, so they replace the live ones: the series must
     * not disagree with summary.json.
     */
    public void judged(VerdictSoFar verdict, Map<String, Summary.Leak> leaks) {
        Observation o = latest;
        latest = new Observation(o.generator(), o.latency(), o.memory(), Map.copyOf(leaks), List.of(), o.failing());
        this.verdict = verdict;
        this.state = RunState.ENDED;
    }

    @Override
    public MetricSnapshots collect() {
        Observation o = latest;
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(stateSet("soakrig_run_state", "where the run is", RunState.values(), state, Labels.EMPTY));
        all.add(stateSet("soakrig_run_verdict", "the verdict so far: UNDECIDED until a gate fails live or the run is judged",
                VerdictSoFar.values(), verdict, Labels.EMPTY));
        if (o.generator() != null) {
            all.add(counter("soakrig_arrivals_intended", "arrivals the schedule planned so far",
                    List.of(point(o.generator().intended(), Labels.EMPTY))));
            all.add(counter("soakrig_arrivals_started", "arrivals the load generator started so far",
                    List.of(point(o.generator().started(), Labels.EMPTY))));
        }
        latency(o.latency(), all);
        memory(o, all);
        incidents(incidents, all);
        return new MetricSnapshots(all);
    }

    private static void latency(LatencyRecording recording, List<MetricSnapshot> all) {
        List<CounterDataPointSnapshot> requests = new ArrayList<>();
        List<CounterDataPointSnapshot> attempts = new ArrayList<>();
        List<HistogramDataPointSnapshot> latency = new ArrayList<>();
        if (recording != null) {
            Map<LatencyTag, Histogram> byTag = new TreeMap<>(java.util.Comparator.comparing(LatencyTag::toString));
            recording.byTag().forEach((tag, h) -> {
                if (tag != null) {
                    LatencyTag.tryParse(tag).ifPresent(parsed -> byTag.put(parsed, h));
                }
            });
            byTag.forEach((parsed, h) -> {
                if (parsed.kind() == LatencyTag.Kind.ATTEMPT) {
                    attempts.add(point(h.getTotalCount(), Labels.of("arm", parsed.arm(), "endpoint", parsed.endpoint())));
                    return;
                }
                Labels labels = Labels.of("arm", parsed.arm(), "endpoint", parsed.endpoint(),
                        "outcome", parsed.kind() == LatencyTag.Kind.OK ? "ok" : "failed");
                requests.add(point(h.getTotalCount(), labels));
                latency.add(histogram(h, labels));
            });
        }
        all.add(counter("soakrig_requests", "logical requests recorded, retries included, by outcome", requests));
        all.add(counter("soakrig_attempts", "attempts recorded (each try of a logical request)", attempts));
        all.add(new HistogramSnapshot(new MetricMetadata("soakrig_request_latency_seconds",
                "client-side latency of logical requests, retries and back-off included", Unit.SECONDS), latency));
    }

    /** A classic histogram of an HdrHistogram's counts; bounds exact to its precision. */
    static HistogramDataPointSnapshot histogram(Histogram h, Labels labels) {
        long[] counts = new long[BUCKETS.length];
        long below = 0;
        for (int i = 0; i < BUCKETS.length - 1; i++) {
            long upToBound = h.getTotalCount() == 0 ? 0 : h.getCountBetweenValues(0, (long) (BUCKETS[i] * 1e9));
            counts[i] = upToBound - below;
            below = upToBound;
        }
        counts[BUCKETS.length - 1] = h.getTotalCount() - below;
        double sumSeconds = h.getTotalCount() == 0 ? 0 : h.getMean() * h.getTotalCount() / 1e9;
        return new HistogramDataPointSnapshot(ClassicHistogramBuckets.of(BUCKETS, counts), sumSeconds, labels, Exemplars.EMPTY, 0);
    }

    private static void memory(Observation o, List<MetricSnapshot> all) {
        List<GaugeDataPointSnapshot> bytes = new ArrayList<>();
        List<GaugeDataPointSnapshot> growth = new ArrayList<>();
        List<GaugeDataPointSnapshot> lower = new ArrayList<>();
        List<GaugeDataPointSnapshot> upper = new ArrayList<>();
        List<StateSetDataPointSnapshot> leak = new ArrayList<>();
        new TreeMap<>(o.memory()).forEach((target, s) -> bytes.add(new GaugeDataPointSnapshot(s.gcAwareBytes(),
                Labels.of("target", target, "signal", s.gcAwareSignal().name().toLowerCase(java.util.Locale.ROOT)), null)));
        new TreeMap<>(o.leaks()).forEach((target, call) -> {
            Labels labels = Labels.of("target", target);
            gauge(call.slopeMBPerMin(), labels, growth);
            gauge(call.lowerMBPerMin(), labels, lower);
            gauge(call.upperMBPerMin(), labels, upper);
            leak.add(stateSetPoint(LeakDetector.Decision.values(), call.decision(), labels));
        });
        all.add(new GaugeSnapshot(new MetricMetadata("soakrig_target_memory_bytes",
                "the figure each target's memory floor is taken of (heap after GC where the source has it), latest sample",
                Unit.BYTES), bytes));
        all.add(new GaugeSnapshot(new MetricMetadata("soakrig_target_memory_growth_mb_per_minute",
                "growth of each target's memory floor, recent half (Theil-Sen)"), growth));
        all.add(new GaugeSnapshot(new MetricMetadata("soakrig_target_memory_growth_lower_mb_per_minute",
                "lower bound of the growth's confidence interval"), lower));
        all.add(new GaugeSnapshot(new MetricMetadata("soakrig_target_memory_growth_upper_mb_per_minute",
                "upper bound of the growth's confidence interval"), upper));
        all.add(new StateSetSnapshot(new MetricMetadata("soakrig_target_leak", "the leak detector's call per target"), leak));
    }

    /** Adds the restarts and OOM kills among {@code events} to the counts, as a new map: scrapes read the old one meanwhile. */
    private void count(List<RunEvent> events) {
        Map<String, long[]> counts = new TreeMap<>();
        incidents.forEach((target, c) -> counts.put(target, c.clone()));
        boolean counted = false;
        for (RunEvent e : events) {
            int kind = e.type() == RunEvent.Type.RESTART_SCHEDULED ? 0 : e.type() == RunEvent.Type.OOM_KILLED ? 1 : -1;
            counts.computeIfAbsent(e.target(), t -> new long[2]);
            if (kind >= 0) {
                counts.get(e.target())[kind]++;
            }
            counted = true;
        }
        if (counted) {
            incidents = counts;
        }
    }

    private static void incidents(Map<String, long[]> byTarget, List<MetricSnapshot> all) {
        List<CounterDataPointSnapshot> restarts = new ArrayList<>();
        List<CounterDataPointSnapshot> oomKills = new ArrayList<>();
        byTarget.forEach((target, counts) -> {
            restarts.add(point(counts[0], Labels.of("target", target)));
            oomKills.add(point(counts[1], Labels.of("target", target)));
        });
        all.add(counter("soakrig_target_restarts", "restarts scheduled by the target's restart policy", restarts));
        all.add(counter("soakrig_target_oom_kills", "processes of the target killed at their memory limit", oomKills));
    }

    private static CounterSnapshot counter(String name, String help, List<CounterDataPointSnapshot> points) {
        return new CounterSnapshot(new MetricMetadata(name, help), points);
    }

    private static CounterDataPointSnapshot point(double value, Labels labels) {
        return new CounterDataPointSnapshot(value, labels, null, 0);
    }

    private static void gauge(Double value, Labels labels, List<GaugeDataPointSnapshot> into) {
        if (value != null) {
            into.add(new GaugeDataPointSnapshot(value, labels, null));
        }
    }

    private static <E extends Enum<E>> StateSetSnapshot stateSet(String name, String help, E[] values, E current, Labels labels) {
        return new StateSetSnapshot(new MetricMetadata(name, help), List.of(stateSetPoint(values, current, labels)));
    }

    private static <E extends Enum<E>> StateSetDataPointSnapshot stateSetPoint(E[] values, E current, Labels labels) {
        String[] names = Arrays.stream(values).map(Enum::name).toArray(String[]::new);
        boolean[] on = new boolean[values.length];
        on[current.ordinal()] = true;
        return new StateSetDataPointSnapshot(names, on, labels);
    }
}
