package io.soakrig.analysis.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {
    @Test
    void everyRankHoldsTheSortedValueBitForBit() {
        SplittableRandom random = new SplittableRandom(17);
        for (int trial = 0; trial < 2_000; trial++) {
            double[] values = values(random, 1 + random.nextInt(trial < 1_000 ? 60 : 5_000));
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int[] ranks = random.ints(1 + random.nextInt(4), 0, values.length).sorted().toArray();

            double[] selected = OrderStatistics.select(values.clone(), ranks);

            for (int r = 0; r < ranks.length; r++) {
                assertThat(Double.doubleToRawLongBits(selected[r])).as("trial %d rank %d", trial, ranks[r])
                        .isEqualTo(Double.doubleToRawLongBits(sorted[ranks[r]]));
            }
        }
    }

    @Test
    void aSelectedRankSplitsTheArraySoEitherSideCanBeSelectedAlone() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            double[] values = values(random, 3 + random.nextInt(3_000));
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int middle = values.length / 2;
            OrderStatistics.select(values, middle);
            int below = random.nextInt(middle + 1);
            int above = middle + random.nextInt(values.length - middle);

            assertThat(Double.doubleToRawLongBits(OrderStatistics.selectWithin(values, 0, middle, below)[0]))
                    .isEqualTo(Double.doubleToRawLongBits(sorted[below]));
            assertThat(Double.doubleToRawLongBits(OrderStatistics.selectWithin(values, middle, values.length - 1, above)[0]))
                    .isEqualTo(Double.doubleToRawLongBits(sorted[above]));
        }
    }

    @Test
    void sortedAndConstantInputsStayFast() {
        double[] rising = new double[1_000_000];
        Arrays.setAll(rising, i -> i);
        double[] flat = new double[1_000_000];

        assertThat(OrderStatistics.select(rising, 0, 499_999, 999_999)).containsExactly(0, 499_999, 999_999);
        assertThat(OrderStatistics.select(flat, 0, 500_000)).containsExactly(0, 0);
    }

    @Test
    void ranksOutOfOrderOrRangeAreRefused() {
        assertThatThrownBy(() -> OrderStatistics.select(new double[] {1, 2, 3}, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderStatistics.select(new double[] {1, 2, 3}, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderStatistics.selectWithin(new double[] {1, 2, 3}, 1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Values with many ties, both zeros, infinities and NaN: every case of Double.compare's order. */
    private static double[] values(SplittableRandom random, int n) {
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0};
        double[] values = new double[n];
        int kind = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            values[i] = switch (kind) {
                case 0 -> random.nextGaussian();
                case 1 -> random.nextInt(5);
                case 2 -> random.nextInt(10) == 0 ? special[random.nextInt(special.length)] : random.nextGaussian();
                default -> i % 7 == 0 ? -i : i;
            };
        }
        return values;
    }
}
