package io.soakrig.analysis.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class StartupSurgeTest {
    @Test
    void aStartUpSurgeBeforeSteadyGrowthIsCutWhereTheGrowthSettles() {
        // RSS of a JVM: 60 MiB/min for its first 40 s, then a leak of 3 MiB/min
        List<double[]> points = points(240, t -> t < 40 ? t : 40 + 0.05 * (t - 40), 0.05, 1);

        int end = StartupSurge.end(points);

        assertThat(points.get(end)[0]).isBetween(36.0, 48.0);
    }

    @Test
    void aFillThatOnlySlowsALittleIsLeftWhole() {
        // a Redis filling with sessions: 70 MB/min, then 60
        List<double[]> points = points(60, t -> t < 30 ? 70 * t / 60 : 35 + 60 * (t - 30) / 60, 0.2, 2);

        assertThat(StartupSurge.end(points)).isZero();
    }

    @Test
    void noiseAroundALineIsLeftWhole() {
        for (int seed = 0; seed < 20; seed++) {
            List<double[]> points = points(200, t -> 100 + 0.02 * t, 2, seed);

            assertThat(StartupSurge.end(points)).as("seed " + seed).isZero();
        }
    }

    private static List<double[]> points(int n, DoubleUnaryOperator mb, double noise, long seed) {
        Random random = new Random(seed);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = 2.0 * i;
            points.add(new double[] {t, mb.applyAsDouble(t) + noise * random.nextGaussian()});
        }
        return points;
    }
}
