package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.container.ContainerEngineForTests;
import io.soakrig.harness.container.ContainerTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled container-death-loop.yaml, as a user runs it: soakrig's perimeter stub as a
 * container of its image (Podman here), its JVM heap above the container's memory limit. The
 * incident push crashes it; every restart meets the retry flood and is killed by the engine at
 * the limit; the run fails its error gate. Before the push nothing happens to the perimeter.
 */
@Tag("integration")
class ContainerDeathLoopIT {
    @TempDir
    Path tmp;

    @Test
    void thePerimeterContainerIsCrashedByThePushAndEveryRestartIsOomKilledByTheEngine() throws Exception {
        ContainerEngineForTests.stubImage();
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("container-death-loop.yaml").toString(),
                "--out", run.toString());
        int exit = soakrig.awaitExit(Duration.ofMinutes(3));

        assertThat(exit).as(soakrig.output()).isEqualTo(ExitCodes.GATE_FAILED);
        List<RunEvent> perimeter = RunEventLog.read(RunLayout.of(run).events()).stream()
                .filter(e -> e.target().equals("perimeter")).toList();
        RunEvent pushed = perimeter.stream().filter(e -> e.type() == RunEvent.Type.CONFIG_PUSHED).findFirst()
                .orElseThrow(() -> new AssertionError("no push reached the perimeter container: " + perimeter));
        assertThat(perimeter.stream().filter(e -> e.epochMillis() < pushed.epochMillis()))
                .as("normal traffic: the misconfiguration is invisible: %s", perimeter).allMatch(e -> e.type() == RunEvent.Type.STARTED);
        assertThat(((EventDetail.ConfigPushed) pushed.detail()).status()).as("pushed through its published admin port: %s", perimeter)
                .isEqualTo(200);

        List<RunEvent> after = perimeter.stream().filter(e -> e.epochMillis() >= pushed.epochMillis()).toList();
        assertThat(after).filteredOn(e -> e.type() == RunEvent.Type.EXITED).first()
                .as("the latent bug aborts the process").satisfies(e -> assertThat(((EventDetail.Exited) e.detail()).exitCode()).isEqualTo(134));
        List<EventDetail.OomKilled> kills = after.stream().filter(e -> e.type() == RunEvent.Type.OOM_KILLED)
                .map(e -> (EventDetail.OomKilled) e.detail()).toList();
        assertThat(kills).as("restarts killed at the limit, again and again").hasSizeGreaterThanOrEqualTo(2);
        assertThat(kills).allSatisfy(k -> {
            assertThat(k.killedBy()).as("the engine enforced the limit").startsWith(ContainerTarget.ENFORCER);
            assertThat(k.limitBytes()).isEqualTo(192L * 1024 * 1024);
        });
        List<String> containers = perimeter.stream().filter(e -> e.type() == RunEvent.Type.STARTED)
                .map(e -> ((EventDetail.Started) e.detail()).containerId()).toList();
        assertThat(containers).as("restarted on the CrashLoopBackOff schedule, each start a new container")
                .hasSizeGreaterThan(kills.size()).doesNotContainNull().doesNotHaveDuplicates();

        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(summary.errors()).as("what the users saw").isGreaterThan(summary.requests() / 10);
        assertThat(ContainerEngineForTests.ownedBy(soakrig.process.pid())).as("containers removed at the end of the run").isEmpty();
        assertThat(ContainerEngineForTests.networksOwnedBy(soakrig.process.pid())).as("the run's network removed").isEmpty();
    }
}
