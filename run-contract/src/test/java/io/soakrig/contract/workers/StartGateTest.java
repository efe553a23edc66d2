package io.soakrig.contract.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.RunLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartGateTest {
    @TempDir
    Path tmp;

    @Test
    void theGeneratorSaysItIsReadyAndWaitsForTheStartItsWorkerHandsIt() throws Exception {
        StartGate generator = new StartGate(RunLayout.of(tmp));
        StartGate worker = new StartGate(RunLayout.of(tmp));
        assertThat(worker.readyAtMillis()).isEmpty();

        long before = System.currentTimeMillis();
        generator.ready();
        assertThat(worker.readyAtMillis().orElseThrow()).isBetween(before, System.currentTimeMillis());

        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return generator.awaitStart(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).as("no start was handed over yet").isNotDone();
        worker.open(1_795_966_268_953L);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(1_795_966_268_953L);
    }

    @Test
    void aGeneratorWhoseWorkerNeverHandsTheStartGivesUpWithinItsBound() {
        StartGate gate = new StartGate(RunLayout.of(tmp));
        gate.ready();
        long start = System.nanoTime();
        assertThatThrownBy(() -> gate.awaitStart(Duration.ofMillis(300))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no shared start came within").hasMessageContaining("its worker is gone");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    @Test
    void refusesAStartThatIsNoInstant() {
        assertThatThrownBy(() -> new StartGate(RunLayout.of(tmp)).open(0)).hasMessageContaining("shared start");
    }
}
