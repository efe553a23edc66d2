package io.soakrig.stubs.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.soakrig.profile.FaultSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void stallsHoldRequestsUntilTheFreezeWindowEnds() {
        FaultSpec stalls = new FaultSpec(null, null, null, null, Duration.ofSeconds(10), Duration.ofMillis(500), null, null, null);
        Faults faults = new Faults(stalls, clock::get, new SplittableRandom(1));
        long start = clock.get();

        assertThat(faults.stallDelayNanos(stalls, start)).isEqualTo(500_000_000L);
        assertThat(faults.stallDelayNanos(stalls, start + 200_000_000L)).isEqualTo(300_000_000L);
        assertThat(faults.stallDelayNanos(stalls, start + 500_000_000L)).isZero();
        assertThat(faults.stallDelayNanos(stalls, start + 9_999_000_000L)).isZero();
        assertThat(faults.stallDelayNanos(stalls, start + 10_100_000_000L)).isEqualTo(400_000_000L);
    }

    @Test
    void distributedLatencyHasTheDeclaredMedianAndP99() {
        FaultSpec lognormal = new FaultSpec(Duration.ofMillis(10), Duration.ofMillis(100), null, null, null, null, null, null, null);
        Faults faults = new Faults(lognormal, clock::get, new SplittableRandom(42));

        long[] samples = new long[50_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = faults.latencyNanos(lognormal);
        }
        Arrays.sort(samples);

        assertThat(samples[samples.length / 2] / 1e6).isCloseTo(10.0, within(0.5));
        assertThat(samples[(int) (samples.length * 0.99)] / 1e6).isCloseTo(100.0, within(8.0));
    }

    @Test
    void fixedLatencyIsExact() {
        FaultSpec fixed = new FaultSpec(Duration.ofMillis(7), null, null, null, null, null, null, null, null);

        assertThat(new Faults(fixed, clock::get, new SplittableRandom(1)).latencyNanos(fixed)).isEqualTo(7_000_000L);
    }

    @Test
    void errorsAndResetsHappenAtTheirRates() throws InterruptedException {
        FaultSpec flaky = new FaultSpec(null, null, 0.3, 500, null, null, 0.1, null, null);
        Faults faults = new Faults(flaky, clock::get, new SplittableRandom(3));
        int errors = 0;
        int resets = 0;
        int n = 20_000;

        for (int i = 0; i < n; i++) {
            FaultOutcome o = faults.apply();
            resets += o.reset() ? 1 : 0;
            errors += o.errorStatus() == 500 ? 1 : 0;
        }

        assertThat(resets / (double) n).isCloseTo(0.1, within(0.01));
        assertThat(errors / (double) n).as("errors among the 90 %% not reset").isCloseTo(0.27, within(0.015));
    }

    @Test
    void hangsHappenAtTheirRateAndComposeWithErrors() throws InterruptedException {
        FaultSpec hanging = new FaultSpec(null, null, 0.5, 503, null, null, null, null, 0.1);
        Faults faults = new Faults(hanging, clock::get, new SplittableRandom(5));
        int hangs = 0;
        int errors = 0;
        int n = 20_000;

        for (int i = 0; i < n; i++) {
            FaultOutcome o = faults.apply();
            assertThat(o.reset()).isFalse();
            hangs += o.hang() ? 1 : 0;
            errors += o.errorStatus() == 503 ? 1 : 0;
            assertThat(o.hang() && o.errorStatus() != 0).as("a hung request is not also answered").isFalse();
        }

        assertThat(hangs / (double) n).isCloseTo(0.1, within(0.01));
        assertThat(errors / (double) n).as("errors among the 90 %% not hung").isCloseTo(0.45, within(0.015));
    }

    @Test
    void theLeakRetainsRealBytes() throws InterruptedException {
        FaultSpec leak = new FaultSpec(null, null, null, null, null, null, null, 4096, null);
        Faults faults = new Faults(leak, clock::get, new SplittableRandom(1));

        for (int i = 0; i < 10; i++) {
            faults.apply();
        }

        assertThat(faults.leakedBytes()).isEqualTo(40_960);
    }

    @Test
    void theHeaderSyntaxReadsEveryKey() {
        FaultSpec s = FaultSpec.fromHeader("latency=5ms, latencyP99=50ms,errorRate=0.5,errorStatus=504,stallEvery=10s,stallFor=1s,resetRate=0.1,leakBytes=100,hangRate=0.2");

        assertThat(s).isEqualTo(new FaultSpec(Duration.ofMillis(5), Duration.ofMillis(50), 0.5, 504,
                Duration.ofSeconds(10), Duration.ofSeconds(1), 0.1, 100, 0.2));
    }
}
