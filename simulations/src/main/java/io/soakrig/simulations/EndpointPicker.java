package io.soakrig.simulations;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Draws an endpoint index with probability proportional to its weight. Integer weights and a
 * cumulative table keep the shares exact, with no percentages to round to 100.
 */
final class EndpointPicker {
    private final int[] cumulative;

    /** @param weights one per endpoint, each >= 1 */
    EndpointPicker(int[] weights) {
        if (weights.length == 0 || Arrays.stream(weights).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("need at least one weight, all >= 1: " + Arrays.toString(weights));
        }
        cumulative = weights.clone();
        Arrays.parallelPrefix(cumulative, Math::addExact);
    }

    int pick(RandomGenerator random) {
        int draw = random.nextInt(cumulative[cumulative.length - 1]);
        int i = Arrays.binarySearch(cumulative, draw + 1);
        return i >= 0 ? i : -i - 1;
    }
}
