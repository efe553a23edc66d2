package io.soakrig.harness.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemorySamplerTest {
    private static final long START = 1_764_460_800_000L;

    @TempDir
    Path tmp;

    /**
     * Readings a second apart while the wall clock is stepped back a minute between them (an NTP
     * correction): stamped by the sampler's clock, they stay a second apart in the log and the
     * live series, and none is dropped as out of order — stamped by the wall clock, the second and
     * third would have come before the first.
     */
    @Test
    void readingsAreStampedBySamplerClockAndKeepIncreasingWhenTheWallClockStepsBack() throws Exception {
        AtomicLong wall = new AtomicLong(START);
        AtomicLong nanos = new AtomicLong(42_000_000_000L);
        AtomicLong rss = new AtomicLong(100L << 20);
        MemorySource source = new MemorySource() {
            @Override
            public String target() {
                return "api";
            }

            @Override
            public MemorySample sample(SampleClock clock) {
                return new MemorySample(clock.epochMillis(), "api", "test", -1, -1, rss.addAndGet(1L << 20), -1, -1, -1);
            }
        };
        Path file = tmp.resolve("memory-samples.csv");
        try (MemorySampleLog log = MemorySampleLog.create(file);
             MemorySampler sampler = new MemorySampler(List.of(source), log, new SampleClock(wall::get, nanos::get))) {
            for (int i = 0; i < 3; i++) {
                nanos.addAndGet(1_000_000_000L);
                wall.addAndGet(-60_000);
                sampler.finalSample();
            }

            assertThat(LeakCalls.observations(sampler.observed())).extracting(MemorySample::epochMillis)
                    .containsExactly(START + 1_000, START + 2_000, START + 3_000);
        }
        assertThat(MemorySampleLog.read(file)).extracting(MemorySample::epochMillis)
                .containsExactly(START + 1_000, START + 2_000, START + 3_000);
    }
}
