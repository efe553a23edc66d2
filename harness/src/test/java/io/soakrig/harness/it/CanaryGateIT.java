package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.GateResult;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.Summary.Finding;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, shortened: recommendation v3.2.1 against v3.2.0 fails on its leak before
 * the window ends; v3.2.0 against itself passes.
 */
@Tag("integration")
class CanaryGateIT {
    @TempDir
    Path tmp;

    @Test
    void theLeakingCanaryFailsOnMemoryBeforeItsWindowEnds() throws Exception {
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("canary-gate.yaml").toString(),
                "--duration", "180", "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofMinutes(5))).as(soakrig.output()).isEqualTo(ExitCodes.GATE_FAILED);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(summary.canary().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding(summary, "memory").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding(summary, "memory").reason()).contains("canary leaks");
        assertThat(summary.canary().excessGrowth().decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(summary.canary().excessGrowth().decidedAtSeconds()).isLessThan(150.0);
        assertThat(summary.reasons()).anyMatch(r -> r.startsWith("stopped early: canary FAIL on memory"));
        assertThat(summary.durationSeconds()).as("stopped before the 180 s window").isLessThan(170);
        assertThat(summary.gates()).anyMatch(g -> g.gate().equals("canary memory") && g.outcome() == GateResult.Outcome.FAILED);
        assertThat(Files.readString(run.resolve("junit.xml"))).contains("name=\"canary memory\"").contains("<failure message=\"canary FAIL memory");
    }

    @Test
    void theSameVersionOnBothArmsPasses() throws Exception {
        Path profile = Files.writeString(tmp.resolve("same.yaml"),
                Files.readString(HarnessProcess.profile("canary-gate.yaml")).replace("version: v3.2.1", "version: v3.2.0"));
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--duration", "150", "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofMinutes(5))).as(soakrig.output()).isEqualTo(ExitCodes.PASS);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.canary().verdict()).isEqualTo(Verdict.PASS);
        assertThat(summary.canary().findings()).extracting(Finding::name)
                .containsExactly("memory", "latency home", "latency similar", "errors");
        assertThat(summary.canary().findings()).allMatch(f -> f.verdict() == Verdict.PASS);
        assertThat(summary.endpoints()).containsKeys("baseline/home", "canary/home");
        long baseline = summary.endpoints().get("baseline/home").requests() + summary.endpoints().get("baseline/similar").requests();
        long canary = summary.endpoints().get("canary/home").requests() + summary.endpoints().get("canary/similar").requests();
        assertThat(Math.abs(baseline - canary)).as("identical traffic: %d vs %d", baseline, canary).isLessThanOrEqualTo(baseline / 100);
    }

    private static Finding finding(Summary summary, String name) {
        return summary.canary().findings().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }
}
