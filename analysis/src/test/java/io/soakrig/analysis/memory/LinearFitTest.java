package io.soakrig.analysis.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearFitTest {
    @Test
    void recoversAnExactLine() {
        LinearFit fit = LinearFit.of(new double[] {0, 1, 2, 3}, new double[] {5, 7, 9, 11});

        assertThat(fit.slope()).isCloseTo(2.0, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(5.0, within(1e-12));
        assertThat(fit.points()).isEqualTo(4);
    }

    @Test
    void aFlatSeriesHasZeroSlope() {
        assertThat(LinearFit.of(new double[] {0, 1, 2}, new double[] {3, 3, 3}).slope()).isZero();
    }

    @Test
    void noSpreadInXHasNoSlope() {
        assertThat(LinearFit.of(new double[] {1}, new double[] {3}).slope()).isNaN();
        assertThat(LinearFit.of(new double[] {2, 2}, new double[] {3, 4}).slope()).isNaN();
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThatThrownBy(() -> LinearFit.of(new double[] {1, 2}, new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    }
}
