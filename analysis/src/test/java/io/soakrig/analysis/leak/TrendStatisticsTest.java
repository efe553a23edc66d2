package io.soakrig.analysis.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.soakrig.analysis.leak.TrendStatistics.Trend;
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
}
