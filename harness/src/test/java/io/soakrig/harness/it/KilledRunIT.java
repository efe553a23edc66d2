package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose harness dies mid-traffic: nothing outlives it, and what it recorded is still judged. */
@Tag("integration")
class KilledRunIT {
    @TempDir
    Path tmp;

    @Test
    void sigkilledHarnessTakesItsChildrenWithItAndLeavesAReportableRun() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("smoke.yaml").toString(),
                "--out", run.toString());
        HarnessProcess.await(Duration.ofSeconds(90), "three latency intervals", () -> intervalLines(run) >= 3);
        List<ProcessHandle> children = soakrig.process.descendants().toList();
        assertThat(children).as("stub and load generator JVMs").hasSizeGreaterThanOrEqualTo(2);

        soakrig.process.destroyForcibly();
        soakrig.process.waitFor();

        HarnessProcess.await(Duration.ofSeconds(5), "every child to exit", () -> children.stream().noneMatch(ProcessHandle::isAlive));
        LatencyRecording recorded = LatencyRecording.read(run.resolve("latency.hlog"));
        assertThat(recorded.requests()).isPositive();

        HarnessProcess report = HarnessProcess.start(tmp.resolve("report"), "report", run.toString());
        assertThat(report.awaitExit(Duration.ofSeconds(60))).as(report.output()).isEqualTo(ExitCodes.NO_VERDICT);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.reasons()).containsExactly("run interrupted");
        assertThat(summary.requestAccounting().recorded()).isEqualTo(recorded.requests());
        assertThat(summary.requests()).as("the started ones: recorded, or still open when the generator went down")
                .isGreaterThanOrEqualTo(recorded.requests());
        assertThat(Files.readString(report.stdout)).startsWith("INCONCLUSIVE  smoke:");
    }

    @Test
    void sigtermedHarnessStopsItsChildrenAndJudgesTheRunItself() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("smoke.yaml").toString(),
                "--out", run.toString());
        HarnessProcess.await(Duration.ofSeconds(90), "two latency intervals", () -> intervalLines(run) >= 2);
        List<ProcessHandle> children = soakrig.process.descendants().toList();

        soakrig.process.destroy();
        int exit = soakrig.awaitExit(Duration.ofSeconds(30));

        assertThat(exit).as("128 + SIGTERM").isEqualTo(143);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.reasons()).containsExactly("run interrupted");
        assertThat(Files.readString(run.resolve("run.json"))).contains("\"state\" : \"INTERRUPTED\"");
    }

    private static long intervalLines(Path run) {
        Path log = run.resolve("latency.hlog");
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith("Tag=")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
