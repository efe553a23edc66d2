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
        List<Population> populations = new ArrayList<>();
        for (List<double[]> series : byPopulation.values()) {
            Population population = new Population();
            series.forEach(second -> population.add(second[0], second[1]));
            populations.add(population);
        }
        return result(populations);
    }

    private static Result result(Iterable<Population> populations) {
        int seconds = 0;
        int behind = 0;
        double worst = 0;
        double intendedTotal = 0;
        long startedTotal = 0;
        double lastIntended = 0;
        double lastStarted = 0;
        for (Population p : populations) {
            seconds += p.seconds;
            behind += p.behind;
            worst = Math.max(worst, p.worst);
            intendedTotal += p.intended;
            startedTotal += (long) p.started;
            lastIntended += p.lastIntended;
            lastStarted += p.lastStarted;
        }
        return new Result(seconds, behind, Math.round(worst * 10) / 10.0, Math.round(intendedTotal), startedTotal,
                lastIntended, lastStarted);
    }

    /** One population's running sums, a second at a time: all the check keeps of its series. */
    private static final class Population {
        private double intended;
        private double started;
        private int seconds;
        private int behind;
        private double worst;
        private double lastIntended;
        private double lastStarted;

        void add(double intendedNow, double startedNow) {
            intended += intendedNow;
            started += startedNow;
            seconds++;
            double shortfall = intended - started - SLACK_ARRIVALS - intendedNow * LATE_MILLIS / 1000;
            if (intended > 0 && shortfall > intended * BEHIND_SHARE_PERCENT / 100) {
                behind++;
                worst = Math.max(worst, 100 * (intended - started) / intended);
            }
            lastIntended = intendedNow;
            lastStarted = startedNow;
        }
    }

    /**
     * The check while the run goes, in memory and time that do not grow with it: each look reads
     * only the seconds logged since the one before ({@link ArrivalsCsv.Tail}) and adds them to
     * each population's running sums. Its result is {@link #read}'s on the same file.
     */
    public static final class Live {
        private final ArrivalsCsv.Tail tail;
        private final Map<String, Population> byPopulation = new LinkedHashMap<>();

        public Live(Path runDir) {
            this.tail = new ArrivalsCsv.Tail(RunLayout.of(runDir).arrivals());
        }

        /** The check on every second logged so far; null when the run has no arrival log yet. */
        public Result poll() throws IOException {
            Optional<ArrivalsCsv.Rows> appended = tail.poll();
            if (appended.isEmpty()) {
                return null;
            }
            if (appended.get().fromStart()) {
                byPopulation.clear();
            }
            for (ArrivalsCsv.Row row : appended.get().rows()) {
                byPopulation.computeIfAbsent(row.population(), p -> new Population()).add(row.intended(), row.started());
            }
            return result(byPopulation.values());
        }
    }
}
