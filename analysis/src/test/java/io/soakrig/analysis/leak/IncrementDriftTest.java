package io.soakrig.analysis.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.soakrig.analysis.leak.TrendStatistics.Trend;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IncrementDriftTest {
    @Test
    void aStaircaseOfPageCommitsThatSenCannotBoundGetsATightIntervalAroundItsRise() {
        // RSS as pages are committed: steps of 5 MiB at random readings, one in five on average (1 MiB a reading)
        SplittableRandom random = new SplittableRandom(5);
        int n = 90;
        double[] xs = readings(n);
        double[] ys = walk(n, 300, () -> (random.nextDouble() < 0.2 ? 5 : 0) + 0.01 * random.nextDouble());

        Trend sen = TrendStatistics.of(xs, ys, 0.999, true);
        Trend drift = IncrementDrift.of(xs, ys, 0.999);

        assertThat(drift.slope()).isEqualTo((ys[n - 1] - ys[0]) / (xs[n - 1] - xs[0]));
        assertThat(drift.lower()).isBetween(0.0, 1.0);
        assertThat(drift.upper()).isBetween(1.0, 2.0);
        assertThat(drift.upper() - drift.lower()).as("narrower than Sen's, widened for the walk's correlated residuals")
                .isLessThan(sen.upper() - sen.lower());
    }

    @Test
    void aRandomWalkWithDriftIsCoveredAtAboutTheLevelAsked() {
        SplittableRandom random = new SplittableRandom(41);
        int covered = 0;
        int trials = 400;
        for (int trial = 0; trial < trials; trial++) {
            double[] ar = {0};
            double[] ys = walk(60, 0, () -> 0.2 + (ar[0] = 0.5 * ar[0] + random.nextGaussian()));
            Trend t = IncrementDrift.of(readings(60), ys, 0.95);
            covered += t.lower() <= 0.2 && 0.2 <= t.upper() ? 1 : 0;
        }
        assertThat(covered / (double) trials).as("coverage of the drift with autocorrelated increments: HAC intervals run a little short on 60 increments")
                .isBetween(0.85, 0.99);
    }

    @Test
    void aLinePlusNoiseKeepsSensTighterInterval() {
        SplittableRandom random = new SplittableRandom(7);
        double[] xs = readings(80);
        double[] ys = IntStream.range(0, 80).mapToDouble(i -> 0.3 * i + 4 * random.nextGaussian()).toArray();

        Trend sen = TrendStatistics.of(xs, ys, 0.99, true);
        Trend drift = IncrementDrift.of(xs, ys, 0.99);

        assertThat(drift.upper() - drift.lower()).isGreaterThan(sen.upper() - sen.lower());
    }

    @Test
    void theLongRunVarianceOfWhiteNoiseIsItsSumOfSquares() {
        SplittableRandom random = new SplittableRandom(3);
        double[] e = new double[2000];
        double squares = 0;
        for (int i = 0; i < e.length; i++) {
            e[i] = random.nextGaussian();
            squares += e[i] * e[i];
        }

        assertThat(IncrementDrift.longRunVariance(e) / squares).isCloseTo(1.0, within(0.15));
    }

    /** Reading times 0, 1, ..., n − 1. */
    private static double[] readings(int n) {
        return IntStream.range(0, n).asDoubleStream().toArray();
    }

    /** A walk of n readings from {@code start}, each the one before plus the next step. */
    private static double[] walk(int n, double start, DoubleSupplier step) {
        double[] ys = new double[n];
        ys[0] = start;
        for (int i = 1; i < n; i++) {
            ys[i] = ys[i - 1] + step.getAsDouble();
        }
        return ys;
    }
}
