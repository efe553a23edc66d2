package io.soakrig.harness.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SampleClockTest {
    private static final long ANCHOR = 1_764_460_800_000L;

    @Test
    void stampsFollowTheMonotonicTimeWhateverTheWallClockDoesAfterTheStart() {
        AtomicLong wall = new AtomicLong(ANCHOR);
        AtomicLong nanos = new AtomicLong(-7_000_000_000L);
        SampleClock clock = new SampleClock(wall::get, nanos::get);

        assertThat(clock.epochMillis()).isEqualTo(ANCHOR);
        nanos.addAndGet(1_000_000_000L);
        wall.addAndGet(-30_000);
        assertThat(clock.epochMillis()).as("a second later, the wall clock stepped back 30 s").isEqualTo(ANCHOR + 1_000);
        nanos.addAndGet(1_000_400_000L);
        wall.addAndGet(120_000);
        assertThat(clock.epochMillis()).as("another second later, the wall clock stepped forward 2 min").isEqualTo(ANCHOR + 2_000);
    }

    @Test
    void aNanosecondCounterThatWrapsAroundStillCountsForward() {
        AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - 500_000_000L);
        SampleClock clock = new SampleClock(() -> ANCHOR, nanos::get);

        nanos.addAndGet(1_500_000_000L);

        assertThat(nanos.get()).isNegative();
        assertThat(clock.epochMillis()).isEqualTo(ANCHOR + 1_500);
    }
}
