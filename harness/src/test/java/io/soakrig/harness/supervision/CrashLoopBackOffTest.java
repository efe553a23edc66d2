package io.soakrig.harness.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CrashLoopBackOffTest {
    private final CrashLoopBackOff kubernetes = new CrashLoopBackOff(Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofMinutes(10));

    @Test
    void delaysDoubleFromTenSecondsAndCapAtFiveMinutes() {
        long[] seconds = new long[8];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = kubernetes.delayAfterExit(Duration.ofSeconds(1)).toSeconds();
        }

        assertThat(seconds).containsExactly(10, 20, 40, 80, 160, 300, 300, 300);
    }

    @Test
    void tenMinutesOfRunningResetsTheSchedule() {
        kubernetes.delayAfterExit(Duration.ofSeconds(1));
        kubernetes.delayAfterExit(Duration.ofSeconds(1));
        kubernetes.delayAfterExit(Duration.ofSeconds(1));

        assertThat(kubernetes.delayAfterExit(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(kubernetes.delayAfterExit(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void compressedTimeScalesEveryDelay() {
        CrashLoopBackOff fast = new CrashLoopBackOff(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(6));

        assertThat(fast.delayAfterExit(Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
        assertThat(fast.delayAfterExit(Duration.ZERO)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aMaximumBelowTheInitialDelayIsRefused() {
        assertThatThrownBy(() -> new CrashLoopBackOff(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
