package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.harness.TestProfiles;
import io.soakrig.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line says, in one line, where the run is and what it has seen so far. */
class ProgressLineTest {
    @TempDir
    Path tmp;

    @Test
    void aCompressedRunShowsProfileTimeArrivalsLatencyMemoryAndASaturatedGenerator() throws Exception {
        ProgressLine line = new ProgressLine(new ProfileLoader().load(Files.writeString(tmp.resolve("p.yaml"), """
                name: day
                timeCompression: 60
                targets:
                  api:
                    stub:
                      role: backend
                """ + TestProfiles.traffic("api", 100, "24h"))));
        long mib = 1024L * 1024L;
        MemorySample latest = new MemorySample(0, "api", "stub-admin", 50 * mib, 48 * mib, 90 * mib, 3, 10, -1);
        Summary.Leak leak = new Summary.Leak(LeakDetector.Decision.LEAK, 2.5, 2.0, 3.0, 100.0, 900.0, null, null, null);
        LiveJudge.Call call = new LiveJudge.Call(Map.of("api", leak), null, Optional.empty());
        GeneratorCheck.Result generator = new GeneratorCheck.Result(60, 4, 12.5, 6000, 5500, 100, 80);

        assertThat(line.format(Duration.ofSeconds(120), Duration.ofSeconds(1440), Map.of("api", latest), call, generator, 12.34))
                .isEqualTo("[soakrig] day 120s / 1440s planned (profile time 2h / 24h) | arrivals 80/s of 100/s | p99 12.3 ms"
                        + " | api 48.0 MiB +2.5 MB/min LEAK"
                        + " | GENERATOR BEHIND its schedule in 4 s (up to 12.5%): latency not trusted");
    }
}
