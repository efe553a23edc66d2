package io.soakrig.bench;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.leak.LeakDetector.Assessment;
import io.soakrig.analysis.leak.LeakDetector.Decision;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Time to detect a leak against its rate, and false alarms on healthy targets, for the leak
 * detector with its default configuration — on synthetic GC-aware series (not stub runs): one
 * reading a second, heap after GC updated at each collection (every 4 s) with 0.3 MiB noise.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.soakrig.bench.LeakDetectionBench [SEEDS=20] [MINUTES=30]</pre>
 */
public final class LeakDetectionBench {
    private static final double GC_PERIOD_SECONDS = 4;

    private LeakDetectionBench() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        LeakDetector detector = new LeakDetector(LeakDetector.Config.DEFAULTS);
        long start = System.nanoTime();

        System.out.printf(Locale.ROOT, "leak rate | called | median time to call | slowest | median slope estimate%n");
        for (double rate : new double[] {0.5, 1.5, 5, 20, 50}) {
            double[] times = new double[seeds];
            double[] slopes = new double[seeds];
            int called = 0;
            for (int seed = 0; seed < seeds; seed++) {
                Assessment a = judge(detector, seed, minutes, t -> 80 + rate * t / 60);
                if (a.decision() == Decision.LEAK) {
                    times[called] = a.atSeconds();
                    slopes[called] = a.trend().slope();
                    called++;
                }
            }
            java.util.Arrays.sort(times, 0, called);
            java.util.Arrays.sort(slopes, 0, called);
            System.out.printf(Locale.ROOT, "%6.1f MB/min | %2d/%d | %s | %s | %s%n", rate, called, seeds,
                    called == 0 ? "-" : String.format(Locale.ROOT, "%.0f s", times[called / 2]),
                    called == 0 ? "-" : String.format(Locale.ROOT, "%.0f s", times[called - 1]),
                    called == 0 ? "-" : String.format(Locale.ROOT, "%.2f MB/min", slopes[called / 2]));
        }

        System.out.printf(Locale.ROOT, "%nhealthy target | false alarms | final NO_LEAK%n");
        healthy(detector, seeds, minutes, "steady", t -> 80);
        healthy(detector, seeds, minutes, "cache warming to a plateau (40 MB, tau 2 min)", t -> 60 + 40 * (1 - Math.exp(-t / 120)));
        healthy(detector, seeds, minutes, "heavy GC sawtooth (heap used, 30 MB every 10 s)", t -> 60 + 30 * ((t % 10) / 10));
        System.out.printf(Locale.ROOT, "%n%d seeds x %d profile-minutes in %.1f s%n", seeds, minutes, (System.nanoTime() - start) / 1e9);
    }

    private static void healthy(LeakDetector detector, int seeds, int minutes, String name, DoubleUnaryOperator mean) {
        int alarms = 0;
        int noLeak = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Decision d = judge(detector, 1000 + seed, minutes, mean).decision();
            alarms += d == Decision.LEAK ? 1 : 0;
            noLeak += d == Decision.NO_LEAK ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%s | %d/%d | %d/%d%n", name, alarms, seeds, noLeak, seeds);
    }

    /** A series whose heap-after-GC figure follows {@code mean}, updated at each collection. */
    private static Assessment judge(LeakDetector detector, long seed, int minutes, DoubleUnaryOperator mean) {
        Random random = new Random(seed);
        int n = minutes * 60;
        double[] t = new double[n];
        double[] mb = new double[n];
        double afterGc = mean.applyAsDouble(0);
        for (int i = 0; i < n; i++) {
            t[i] = i;
            if (i % GC_PERIOD_SECONDS == 0) {
                afterGc = mean.applyAsDouble(i) + 0.3 * random.nextGaussian();
            }
            mb[i] = afterGc;
        }
        return detector.judge(t, mb);
    }
}
