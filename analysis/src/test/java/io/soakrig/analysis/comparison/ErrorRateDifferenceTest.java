package io.soakrig.analysis.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorRateDifferenceTest {
    @Test
    void noErrorsOnEitherSideStillGiveAnInterval() {
        ErrorRateDifference d = ErrorRateDifference.of(0, 5_000, 0, 5_000, 0.99);

        assertThat(d.lower()).isNegative();
        assertThat(d.upper()).isPositive().isLessThan(0.002);
    }

    @Test
    void aCanaryFailingTenTimesMoreIsClearlyWorse() {
        ErrorRateDifference d = ErrorRateDifference.of(10, 1_000, 100, 1_000, 0.99);

        assertThat(d.baselineRate()).isEqualTo(0.01);
        assertThat(d.canaryRate()).isEqualTo(0.1);
        assertThat(d.lower()).isBetween(0.05, 0.09);
        assertThat(d.upper()).isBetween(0.09, 0.13);
    }

    @Test
    void fewRequestsGiveAWideInterval() {
        ErrorRateDifference d = ErrorRateDifference.of(0, 20, 1, 20, 0.99);

        assertThat(d.upper() - d.lower()).isGreaterThan(0.2);
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> ErrorRateDifference.of(0, 0, 0, 10, 0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorRateDifference.of(11, 10, 0, 10, 0.99)).isInstanceOf(IllegalArgumentException.class);
    }
}
