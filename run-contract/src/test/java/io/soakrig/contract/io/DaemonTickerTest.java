package io.soakrig.contract.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DaemonTickerTest {
    @Test
    void ticksRepeatedlyOnANamedDaemonThreadUntilClosed() throws Exception {
        CountDownLatch threeTicks = new CountDownLatch(3);
        AtomicReference<Thread> ticker = new AtomicReference<>();
        AtomicInteger ticks = new AtomicInteger();
        try (DaemonTicker t = DaemonTicker.start("test-ticker", Duration.ZERO, Duration.ofMillis(10), () -> {
            ticker.set(Thread.currentThread());
            ticks.incrementAndGet();
            threeTicks.countDown();
        })) {
            assertThat(threeTicks.await(10, TimeUnit.SECONDS)).as("three ticks within 10 s").isTrue();
        }
        assertThat(ticker.get().getName()).isEqualTo("test-ticker");
        assertThat(ticker.get().isDaemon()).isTrue();

        int afterClose = ticks.get();
        ticker.get().join(5_000);
        assertThat(ticker.get().isAlive()).as("the thread ends with the ticker").isFalse();
        assertThat(ticks.get()).isEqualTo(afterClose);
    }

    @Test
    void closingWaitsForATickInProgress() throws Exception {
        CountDownLatch inTick = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        DaemonTicker t = DaemonTicker.start("slow-ticker", Duration.ZERO, Duration.ofSeconds(1), () -> {
            inTick.countDown();
            long until = System.nanoTime() + Duration.ofMillis(200).toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            finished.incrementAndGet();
        });
        assertThat(inTick.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(t.stop(Duration.ofSeconds(5))).isTrue();

        assertThat(finished.get()).isEqualTo(1);
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> DaemonTicker.start("t", Duration.ZERO, Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
