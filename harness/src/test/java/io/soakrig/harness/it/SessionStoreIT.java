package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The October 2022 seed on a real redis-server, as {@code soak-profiles/session-store-leak.yaml}
 * plays it: the leaking user service fills Redis and logins fail; the healthy one, under the same
 * traffic, does not.
 */
@Tag("integration")
class SessionStoreIT {
    static final long MAXMEMORY = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    void sessionsWithoutTtlAreCalledALeakOnRedisBeforeLoginsFailAtMaxmemory() throws Exception {
        Path run = play("leaking", Files.readString(HarnessProcess.profile("session-store-leak.yaml")), ExitCodes.GATE_FAILED);
        Summary summary = SummaryJson.read(run);
        List<MemorySample> redis = MemorySampleLog.read(run.resolve("memory-samples.csv")).stream()
                .filter(s -> s.target().equals("sessions")).toList();

        assertThat(summary.verdict()).isEqualTo(Verdict.FAIL);
        Summary.Leak leak = summary.leak().get("sessions");
        assertThat(leak.decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(redis).allMatch(s -> s.source().equals("redis-info") && s.limitBytes() == MAXMEMORY);
        MemorySample full = redis.stream().filter(s -> s.metricBytes() >= MAXMEMORY * 95 / 100).findFirst()
                .orElseThrow(() -> new AssertionError("Redis never came near maxmemory: " + redis.get(redis.size() - 1)));
        double fullAt = (full.epochMillis() - redis.get(0).epochMillis()) / 1000.0;
        assertThat(leak.decidedAtSeconds()).as("called on Redis memory before it was full at %.0f s", fullAt).isLessThan(fullAt);
        assertThat(full.keys()).as("sessions accumulated").isGreaterThan(4000);
        assertThat(summary.endpoints().get("login").errors()).as("logins refused at maxmemory").isPositive();
        assertThat(summary.endpoints().get("stream").errors()).as("stream fails with its session store").isPositive();
        assertThat(summary.amplification().perLayer().get("client")).as("clients retried").isGreaterThan(1.0);
    }

    @Test
    void sessionsWithATtlPlateauAndNothingFailsUnderTheSameTraffic() throws Exception {
        String healthy = Files.readString(HarnessProcess.profile("session-store-leak.yaml")).replace("version: v3.2.1", "version: v3.2.0");
        Path run = play("healthy", healthy, ExitCodes.PASS);
        Summary summary = SummaryJson.read(run);

        assertThat(summary.leak().get("sessions").decision()).isEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(summary.errors()).isZero();
        assertThat(MemorySampleLog.read(run.resolve("memory-samples.csv")).stream().filter(s -> s.target().equals("sessions")))
                .allMatch(s -> s.metricBytes() < MAXMEMORY / 2);
    }

    private Path play(String name, String profile, int expectedExit) throws Exception {
        Path file = Files.writeString(tmp.resolve(name + ".yaml"), profile);
        Path run = tmp.resolve(name);
        HarnessProcess soakrig = HarnessProcess.start(tmp.resolve(name + "-logs"), "run", file.toString(), "--out", run.toString());
        assertThat(soakrig.awaitExit(Duration.ofMinutes(3))).as(soakrig.output()).isEqualTo(expectedExit);
        return run;
    }
}
