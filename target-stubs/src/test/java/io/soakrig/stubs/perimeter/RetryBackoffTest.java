package io.soakrig.stubs.perimeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private final RetryBackoff envoyDefaults = new RetryBackoff(Duration.ofMillis(25), Duration.ofMillis(250), new SplittableRandom(5));

    @Test
    void ceilingsGrowAsTwoToTheNMinusOneTimesBaseUpToTheCap() {
        assertThat(envoyDefaults.ceilingNanos(1)).isEqualTo(25_000_000L);
        assertThat(envoyDefaults.ceilingNanos(2)).isEqualTo(75_000_000L);
        assertThat(envoyDefaults.ceilingNanos(3)).isEqualTo(175_000_000L);
        assertThat(envoyDefaults.ceilingNanos(4)).isEqualTo(250_000_000L);
        assertThat(envoyDefaults.ceilingNanos(70)).isEqualTo(250_000_000L);
    }

    @Test
    void delaysAreFullyJitteredWithinTheirBounds() {
        for (int n = 1; n <= 5; n++) {
            long ceiling = envoyDefaults.ceilingNanos(n);
            double sum = 0;
            int samples = 20_000;
            for (int i = 0; i < samples; i++) {
                long d = envoyDefaults.delayNanos(n);
                assertThat(d).isBetween(0L, ceiling);
                sum += d;
            }
            assertThat(sum / samples / ceiling).as("uniform on [0, ceiling] has mean ceiling/2, retry %d", n).isCloseTo(0.5, within(0.02));
        }
    }
}
