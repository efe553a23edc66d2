package io.soakrig.analysis.load;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.arrivals.ArrivalsCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Did the load generator keep to its schedule? Reads {@code arrivals.csv} ({@link ArrivalsCsv}: intended and started
 * arrivals per second and population) and finds the seconds in which arrivals had fallen behind
 * the plan by more than {@value #BEHIND_SHARE_PERCENT} %: the target was then offered less load
 * than declared, later than declared, and latency measured then is the generator's as much as the
 * target's.
 *
 * <p>The comparison is cumulative — a late arrival that starts a second later makes up for it
 * there — and an arrival may be up to {@value #LATE_MILLIS} ms late (plus a slack of
 * {@value #SLACK_ARRIVALS} arrivals) before it counts as missing: the generator's own JIT warm-up
 * in its first seconds is jitter, not saturation.
 */
public final class GeneratorCheck {
    public static final String ARRIVALS = RunLayout.ARRIVALS;
    static final double BEHIND_SHARE_PERCENT = 1.0;
    static final double SLACK_ARRIVALS = 3;
    static final double LATE_MILLIS = 100;

    /**
     * @param seconds          seconds with a plan, over every population
     * @param behindSeconds    seconds at whose end some population was behind by more than the threshold
     * @param maxBehindPercent the worst shortfall, percent of the arrivals intended so far
     * @param intended         arrivals the plan intended, every population
     * @param started          arrivals the generator started
     * @param lastSecondIntended arrivals intended in the last second logged, every population
     * @param lastSecondStarted  arrivals started in that second
     */
    public record Result(int seconds, int behindSeconds, double maxBehindPercent, double intended, long started,
                         double lastSecondIntended, double lastSecondStarted) {
        /** Whether the generator fell behind at all. */
        public boolean saturated() {
            return behindSeconds > 0;
        }

        /** Arrivals intended and not started over the whole log, rounded: what a late or slow generator owes its plan. */
        public long shortfall() {
            return Math.max(0, Math.round(intended - started));
        }
    }

    private GeneratorCheck() {
    }

    /** Reads the run's arrival log; null when the run has none. */
    public static Result read(Path runDir) throws IOException {
        Map<String, List<double[]>> byPopulation = arrivals(runDir);
        return byPopulation == null ? null : check(byPopulation);
    }

    /**
     * The run's arrival log as per-second {intended, started} series, one per population, each
     * from second 0; null when the run has none. A partial last line ends the series.
     */
    public static Map<String, List<double[]>> arrivals(Path runDir) throws IOException {
        Optional<List<ArrivalsCsv.Row>> rows = ArrivalsCsv.read(RunLayout.of(runDir).arrivals());
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, List<double[]>> byPopulation = new LinkedHashMap<>();
        for (ArrivalsCsv.Row row : rows.get()) {
            byPopulation.computeIfAbsent(row.population(), p -> new ArrayList<>()).add(new double[] {row.intended(), row.started()});
        }
        return byPopulation;
    }

    /** Judges per-second {intended, started} series, one per population, all starting at second 0. */
    public static Result check(Map<String, List<double[]>> byPopulation) {
        int seconds = 0;
        int behind = 0;
        double worst = 0;
        double intendedTotal = 0;
        long startedTotal = 0;
        double lastIntended = 0;
        double lastStarted = 0;
        for (List<double[]> series : byPopulation.values()) {
            double intended = 0;
            double started = 0;
            for (double[] second : series) {
                intended += second[0];
                started += second[1];
                seconds++;
                double shortfall = intended - started - SLACK_ARRIVALS - second[0] * LATE_MILLIS / 1000;
                if (intended > 0 && shortfall > intended * BEHIND_SHARE_PERCENT / 100) {
                    behind++;
                    worst = Math.max(worst, 100 * (intended - started) / intended);
                }
            }
            intendedTotal += intended;
            startedTotal += (long) started;
            if (!series.isEmpty()) {
                lastIntended += series.get(series.size() - 1)[0];
                lastStarted += series.get(series.size() - 1)[1];
            }
        }
        return new Result(seconds, behind, Math.round(worst * 10) / 10.0, Math.round(intendedTotal), startedTotal,
                lastIntended, lastStarted);
    }
}
