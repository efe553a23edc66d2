package io.soakrig.bench;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.analysis.verdict.CanaryJudge;
import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.analysis.verdict.Summary.Leak;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Time to detect a leak against its rate, and false alarms on healthy targets, through the same
 * path a run takes ({@link LeakCalls}: repeated heap-after-GC readings collapsed, then the leak
 * detector) on synthetic samples shaped like the stubs': one reading a second, the heap-after-GC
 * figure refreshed at each collection (every 3 s) with 0.3 MiB of noise.
 *
 * <p>Two settings: a soak run with the default configuration, judging one target; and the canary
 * gate of {@code canary-gate.yaml} (10 s warm-up, 20 s least span), judging the canary's growth in
 * excess of a baseline, both arms filling the same 30 MiB cache over the first minute.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.soakrig.bench.LeakDetectionBench [SEEDS=20] [MINUTES=30]</pre>
 */
public final class LeakDetectionBench {
    private static final double GC_PERIOD_SECONDS = 3;
    private static final double NOISE_MB = 0.3;
    private static final double[] RATES = {0.5, 1.5, 5, 20, 50};
    private static final LeakDetector.Config CANARY_GATE = new LeakDetector.Config(10, 2, 1.0, 0.01, 4, 600, 20);
    private static final CanaryJudge.Config ARMS = new CanaryJudge.Config("baseline", "canary", 0.2, 1, 0.01, 0.01);

    private LeakDetectionBench() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long start = System.nanoTime();

        System.out.printf(Locale.ROOT, "soak run, default detector, %d min per run%n", minutes);
        System.out.printf(Locale.ROOT, "leak rate | called | median time to call | slowest | median slope estimate%n");
        for (double rate : RATES) {
            List<Leak> calls = new ArrayList<>();
            for (int seed = 0; seed < seeds; seed++) {
                calls.add(soak(seed, minutes, t -> 80 + rate * t / 60));
            }
            row(rate, calls, seeds);
        }
        System.out.printf(Locale.ROOT, "%nhealthy target | false alarms | final NO_LEAK%n");
        healthy(seeds, "steady", seed -> soak(seed, minutes, t -> 80));
        healthy(seeds, "cache warming to a plateau (40 MB, tau 2 min)",
                seed -> soak(seed, minutes, t -> 60 + 40 * (1 - Math.exp(-t / 120))));
        healthy(seeds, "heavy GC sawtooth (heap used only, 30 MB every 10 s)", seed -> sawtooth(seed, minutes));

        int canaryMinutes = 10;
        System.out.printf(Locale.ROOT, "%ncanary gate (canary-gate.yaml's detector), canary minus baseline, %d min window%n", canaryMinutes);
        System.out.printf(Locale.ROOT, "leak rate | called | median time to call | slowest | median slope estimate%n");
        for (double rate : RATES) {
            List<Leak> calls = new ArrayList<>();
            for (int seed = 0; seed < seeds; seed++) {
                calls.add(canary(seed, canaryMinutes, rate));
            }
            row(rate, calls, seeds);
        }
        System.out.printf(Locale.ROOT, "%nhealthy canary | false alarms | final NO_LEAK%n");
        healthy(seeds, "same version on both arms, common cache fill", seed -> canary(seed, canaryMinutes, 0));
        System.out.printf(Locale.ROOT, "%n%d seeds per row in %.1f s%n", seeds, (System.nanoTime() - start) / 1e9);
    }

    private static void row(double rate, List<Leak> calls, int seeds) {
        double[] times = calls.stream().filter(l -> l.decision() == LeakDetector.Decision.LEAK).mapToDouble(Leak::decidedAtSeconds).sorted().toArray();
        double[] slopes = calls.stream().filter(l -> l.decision() == LeakDetector.Decision.LEAK).mapToDouble(Leak::slopeMBPerMin).sorted().toArray();
        int called = times.length;
        System.out.printf(Locale.ROOT, "%6.1f MB/min | %2d/%d | %s | %s | %s%n", rate, called, seeds,
                called == 0 ? "-" : String.format(Locale.ROOT, "%.0f s", times[called / 2]),
                called == 0 ? "-" : String.format(Locale.ROOT, "%.0f s", times[called - 1]),
                called == 0 ? "-" : String.format(Locale.ROOT, "%.2f MB/min", slopes[called / 2]));
    }

    private static void healthy(int seeds, String name, java.util.function.IntFunction<Leak> run) {
        int alarms = 0;
        int noLeak = 0;
        for (int seed = 0; seed < seeds; seed++) {
            LeakDetector.Decision d = run.apply(1000 + seed).decision();
            alarms += d == LeakDetector.Decision.LEAK ? 1 : 0;
            noLeak += d == LeakDetector.Decision.NO_LEAK ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%s | %d/%d | %d/%d%n", name, alarms, seeds, noLeak, seeds);
    }

    private static Leak soak(long seed, int minutes, DoubleUnaryOperator mean) {
        List<MemorySample> samples = new ArrayList<>();
        heapAfterGc(samples, "target", new Random(seed), minutes, mean);
        return LeakCalls.of(samples, Map.of(), LeakDetector.Config.DEFAULTS, LeakDetector.Look.FINAL_AT_END).get("target");
    }

    private static Leak canary(long seed, int minutes, double rate) {
        Random random = new Random(seed);
        DoubleUnaryOperator cache = t -> 20 + 30 * (1 - Math.exp(-t / 20));
        List<MemorySample> samples = new ArrayList<>();
        heapAfterGc(samples, "baseline", random, minutes, cache);
        heapAfterGc(samples, "canary", random, minutes, t -> cache.applyAsDouble(t) + rate * t / 60);
        samples.sort((a, b) -> Long.compare(a.epochMillis(), b.epochMillis()));
        return LeakCalls.excessGrowth(samples, ARMS, CANARY_GATE, LeakDetector.Look.FINAL_AT_END);
    }

    /** One reading a second; the heap-after-GC figure follows {@code mean}, refreshed at each collection. */
    private static void heapAfterGc(List<MemorySample> samples, String target, Random random, int minutes, DoubleUnaryOperator mean) {
        double afterGc = mean.applyAsDouble(0);
        long gcs = 0;
        double phase = random.nextDouble() * GC_PERIOD_SECONDS;
        for (int i = 0; i < minutes * 60; i++) {
            if ((i + phase) % GC_PERIOD_SECONDS < 1) {
                afterGc = mean.applyAsDouble(i) + NOISE_MB * random.nextGaussian();
                gcs++;
            }
            long bytes = (long) (afterGc * 1024 * 1024);
            samples.add(new MemorySample(i * 1000L, target, "bench", bytes, bytes, bytes, gcs, i, -1));
        }
    }

    /** A target whose only figure is heap used (no collection reported): a 30 MB sawtooth every 10 s. */
    private static Leak sawtooth(long seed, int minutes) {
        Random random = new Random(seed);
        List<MemorySample> samples = new ArrayList<>();
        for (int i = 0; i < minutes * 60; i++) {
            long bytes = (long) ((60 + 30 * ((i % 10) / 10.0) + NOISE_MB * random.nextGaussian()) * 1024 * 1024);
            samples.add(new MemorySample(i * 1000L, "target", "bench", bytes, -1, -1, -1, i, -1));
        }
        return LeakCalls.of(samples, Map.of(), LeakDetector.Config.DEFAULTS, LeakDetector.Look.FINAL_AT_END).get("target");
    }
}
