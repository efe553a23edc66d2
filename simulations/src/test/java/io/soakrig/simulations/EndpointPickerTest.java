package io.soakrig.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EndpointPickerTest {
    @Test
    void sharesFollowTheWeights() {
        EndpointPicker picker = new EndpointPicker(new int[] {3, 1, 6});
        SplittableRandom random = new SplittableRandom(42);
        int[] counts = new int[3];
        int draws = 100_000;

        for (int i = 0; i < draws; i++) {
            counts[picker.pick(random)]++;
        }

        assertThat(counts[0] / (double) draws).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts[1] / (double) draws).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts[2] / (double) draws).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aSingleEndpointIsAlwaysPicked() {
        EndpointPicker picker = new EndpointPicker(new int[] {5});

        assertThat(picker.pick(new SplittableRandom(1))).isZero();
    }

    @Test
    void zeroWeightsAreRefused() {
        assertThatThrownBy(() -> new EndpointPicker(new int[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}
