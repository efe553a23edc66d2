package io.soakrig.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.workers.WorkerShare;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Draws a canary's arms make alike, a run makes again, and workers make each their own. */
class SeededDrawsTest {
    private static final List<Integer> USERS = IntStream.range(0, 100).boxed().toList();
    private final SeededDraws single = new SeededDraws(Optional.empty());

    @Test
    void twoArmsAskingForTheSameStreamDrawTheSameSequence() {
        assertThat(draws(single.random("users"))).isEqualTo(draws(single.random("users")))
                .isEqualTo(draws(new SeededDraws(Optional.empty()).random("users")))
                .isNotEqualTo(draws(single.random("skus")));
    }

    @Test
    void aShuffledFeederPlaysEveryRecordOncePerRoundInTheSameOrderForBothArms() {
        List<Integer> baseline = take(single.shuffled("users", USERS), 300);
        List<Integer> canary = take(single.shuffled("users", USERS), 300);

        assertThat(canary).isEqualTo(baseline);
        assertThat(baseline.subList(0, 100)).containsExactlyInAnyOrderElementsOf(USERS).isNotEqualTo(USERS);
        assertThat(baseline.subList(100, 200)).as("reshuffled each round").containsExactlyInAnyOrderElementsOf(USERS)
                .isNotEqualTo(baseline.subList(0, 100));
        assertThat(take(single.shuffled("other", USERS), 100)).isNotEqualTo(baseline.subList(0, 100));
    }

    @Test
    void workersDrawStreamsOfTheirOwnAndShareZeroOfOneIsTheSingleGenerator() {
        SeededDraws only = new SeededDraws(Optional.of(new WorkerShare(0, 1)));
        SeededDraws first = new SeededDraws(Optional.of(new WorkerShare(0, 3)));
        SeededDraws second = new SeededDraws(Optional.of(new WorkerShare(1, 3)));

        assertThat(take(only.shuffled("users", USERS), 100)).isEqualTo(take(single.shuffled("users", USERS), 100));
        assertThat(take(second.shuffled("users", USERS), 100)).isNotEqualTo(take(first.shuffled("users", USERS), 100));
    }

    private static List<Integer> draws(Random random) {
        return IntStream.range(0, 20).map(i -> random.nextInt(1000)).boxed().toList();
    }

    private static List<Integer> take(Iterator<Integer> feeder, int n) {
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            taken.add(feeder.next());
        }
        return taken;
    }
}
