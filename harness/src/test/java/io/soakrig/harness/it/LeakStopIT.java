package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gated leak is called while the run goes, and the run stops there instead of finishing its schedule. */
@Tag("integration")
class LeakStopIT {
    @TempDir
    Path tmp;

    @Test
    void aLeakingStubFailsTheRunLongBeforeItsPlannedEnd() throws Exception {
        Path profile = Files.writeString(tmp.resolve("leaky.yaml"), """
                name: leaky
                targets:
                  backend:
                    stub:
                      role: backend
                      heapMb: 512
                      faults: { leakBytes: 65536 }
                traffic:
                  target: backend
                  endpoints:
                    - { name: items, path: /items }
                  arrivals:
                    - constant: { rate: 100, duration: 180s }
                gates:
                  noLeak: true
                leakDetection:
                  warmUp: 5s
                  window: 1s
                  minSpan: 30s
                """);
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofMinutes(3))).as(soakrig.output()).isEqualTo(ExitCodes.GATE_FAILED);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(summary.leak().get("backend").decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(summary.leak().get("backend").slopeMBPerMin()).as("64 KiB x 100/s is 375 MiB/min").isBetween(250.0, 500.0);
        assertThat(summary.reasons()).anyMatch(r -> r.startsWith("memory leak in backend: +"));
        assertThat(summary.reasons()).anyMatch(r -> r.startsWith("stopped early: memory leak called in backend"));
        assertThat(summary.durationSeconds()).as("stopped well before the 180 s schedule").isLessThan(120);
        assertThat(summary.requestAccounting().problem()).as("the stopped simulation still wrote its started count").isNull();
        assertThat(summary.requestAccounting().unfinished()).as("only the requests in flight at the stop").isBetween(0L, 20L);
    }
}
