package io.soakrig.analysis.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.soakrig.analysis.leak.TrendStatistics.Trend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class TrendStatisticsTest {
    @Test
    void anExactLineHasItsSlopeAndATightInterval() {
        Trend t = TrendStatistics.of(new double[] {0, 1, 2, 3, 4, 5}, new double[] {1, 3, 5, 7, 9, 11}, 0.95);

        assertThat(t.slope()).isEqualTo(2.0);
        assertThat(t.lower()).isEqualTo(2.0);
        assertThat(t.upper()).isEqualTo(2.0);
        assertThat(t.pIncrease()).isLessThan(0.01);
    }

    @Test
    void oneWildOutlierDoesNotMoveTheSlope() {
        Trend t = TrendStatistics.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, new double[] {0, 1, 2, 3, 400, 5, 6, 7, 8}, 0.95);

        assertThat(t.slope()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void mannKendallOfATextbookSeries() {
        // S = 8 for (1, 3, 2, 4, 5): 9 concordant pairs, 1 discordant; var(S) = 5·4·15/18 = 16.67
        Trend t = TrendStatistics.of(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 4, 5}, 0.9);

        assertThat(t.z()).isCloseTo((8 - 1) / Math.sqrt(5 * 4 * 15 / 18.0), within(1e-9));
        assertThat(TrendStatistics.kendallVariance(new double[] {1, 1, 2})).isCloseTo((3 * 2 * 11 - 2 * 1 * 9) / 18.0, within(1e-12));
    }

    @Test
    void tooFewPointsForTheConfidenceAskedGiveAnUnboundedInterval() {
        Trend t = TrendStatistics.of(new double[] {0, 1, 2, 3}, new double[] {0, 1, 2, 3}, 0.9999);

        assertThat(t.slope()).isEqualTo(1.0);
        assertThat(t.lower()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.upper()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> TrendStatistics.of(new double[] {0, 1}, new double[] {0, 1}, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrendStatistics.of(new double[] {0, 2, 1}, new double[] {0, 1, 2}, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrendStatistics.of(new double[] {0, 1, 2}, new double[] {0, 1, 2}, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSlopeAndItsIntervalAreTheSortedSlopesValuesAtTheirRanks() {
        SplittableRandom random = new SplittableRandom(29);
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        for (int trial = 0; trial < 300; trial++) {
            int n = 3 + random.nextInt(trial < 200 ? 40 : 400);
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = i + (i > 0 && random.nextBoolean() ? 0.5 : 0);
                ys[i] = trial % 3 == 0 ? random.nextInt(4) : 0.01 * trial * i + random.nextGaussian();
            }
            double confidence = 1 - 2 * random.nextDouble(0.0001, 0.05);
            boolean serial = random.nextBoolean();

            Trend t = TrendStatistics.of(xs, ys, confidence, serial);

            // the definition, as it was computed before the selection: sort every pairwise slope
            double[] slopes = new double[n * (n - 1) / 2];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    slopes[k++] = (ys[j] - ys[i]) / (xs[j] - xs[i]);
                }
            }
            Arrays.sort(slopes);
            int m = slopes.length;
            double median = TrendStatistics.median(slopes);
            double sd = Math.sqrt(TrendStatistics.kendallVariance(ys) * (serial ? TrendStatistics.autocorrelationFactor(xs, ys, median) : 1));
            double c = normal.inverseCumulativeProbability(1 - (1 - confidence) / 2) * sd;
            int lowerRank = (int) Math.floor((m - c) / 2);
            int upperRank = (int) Math.ceil((m + c) / 2) + 1;
            assertThat(t.slope()).isEqualTo(median);
            assertThat(t.lower()).isEqualTo(lowerRank < 1 ? Double.NEGATIVE_INFINITY : slopes[Math.min(m - 1, lowerRank - 1)]);
            assertThat(t.upper()).isEqualTo(upperRank > m ? Double.POSITIVE_INFINITY : slopes[Math.max(0, upperRank - 1)]);
        }
    }
}
