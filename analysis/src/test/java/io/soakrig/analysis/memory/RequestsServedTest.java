package io.soakrig.analysis.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.memory.MemorySample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request counters read across restarts: a counter that falls started again from zero. */
class RequestsServedTest {
    private static MemorySample served(String label, long at, long count) {
        return new MemorySample(at, label, "stub-admin", 1, 1, 1, 1, count, -1);
    }

    @Test
    void overTheRunEveryInstanceCountsToItsOwnLastReadingAndRestartsAddUp() {
        List<MemorySample> samples = List.of(
                served("edge#0", 1_000, 100), served("edge#0", 2_000, 250), served("edge#0", 3_000, 30), served("edge#0", 4_000, 80),
                served("edge#1", 1_000, 60), served("edge#1", 2_500, 90),
                served("backend", 1_000, 500), served("backend", 3_900, 900));

        assertThat(RequestsServed.overRun(samples))
                .containsEntry("edge", 250L + 30 + 50 + 90)
                .containsEntry("backend", 900L);
    }

    @Test
    void withinASpanOnlyTargetsWhoseReadingsReachItsEndAreCounted() {
        List<MemorySample> samples = List.of(served("edge", 1_000, 100), served("edge", 5_000, 400), served("late", 1_000, 10));

        assertThat(RequestsServed.between(samples, 2_000, 4_000)).containsOnlyKeys("edge").containsEntry("edge", 300L);
    }
}
