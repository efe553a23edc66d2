package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.container.ContainerEngineForTests;
import io.soakrig.harness.container.ContainerMemorySource;
import io.soakrig.harness.container.ContainerTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code soakrig run} with a container target, as a user runs it: the locally built test image
 * under a memory limit the engine enforces (Podman here).
 */
@Tag("integration")
class ContainerRunIT {
    @TempDir
    Path tmp;

    private Path profile(String image, String env, int seconds) throws Exception {
        return Files.writeString(tmp.resolve("container.yaml"), """
                name: container
                targets:
                  shop:
                    container:
                      image: %s
                      port: 8080
                      memoryLimitMb: 128
                      cpus: 1
                      env: { %s }
                      health: { http: /health }
                      restart: { policy: never }
                traffic:
                  target: shop
                  endpoints:
                    - name: items
                      path: /items
                  arrivals:
                    - constant: { rate: 50, duration: %ds }
                gates:
                  errorRate: 0.01
                """.formatted(image, env, seconds));
    }

    @Test
    void aContainerTargetIsStartedSampledJudgedAndRemoved() throws Exception {
        Path profile = profile(ContainerEngineForTests.testImage(), "", 10);
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());
        int exit = soakrig.awaitExit(Duration.ofMinutes(3));

        assertThat(exit).as(soakrig.output()).isZero();
        assertThat(soakrig.output()).as("Ryuk is off on purpose: no banner about it").doesNotContain("Ryuk");
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.PASS);
        assertThat(summary.requests()).as("10 s at 50/s").isBetween(450L, 550L);
        assertThat(summary.errors()).isZero();
        List<String> samples = Files.readAllLines(run.resolve("memory-samples.csv"));
        assertThat(samples.stream().filter(l -> l.contains(",shop," + ContainerMemorySource.SOURCE + ",")).count())
                .as("a sample a second from the engine").isGreaterThanOrEqualTo(8);
        assertThat(RunEventLog.read(run.resolve("events.jsonl"))).first().satisfies(e -> {
            assertThat(e.type()).isEqualTo(RunEvent.Type.STARTED);
            assertThat(((EventDetail.Started) e.detail()).limitEnforcedBy()).isEqualTo(ContainerTarget.ENFORCER);
        });
        assertThat(ContainerEngineForTests.ownedBy(soakrig.process.pid())).as("removed at the end of the run").isEmpty();
    }

    @Test
    void aHarnessKilledBySigkillLeavesNoContainerWithinTenSeconds() throws Exception {
        Path profile = profile(ContainerEngineForTests.testImage(), "", 120);
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());
        long pid = soakrig.process.pid();
        HarnessProcess.await(Duration.ofSeconds(90), "the container to start", () -> !ContainerEngineForTests.ownedBy(pid).isEmpty()
                && Files.exists(run.resolve("events.jsonl")) && readsStarted(run));

        soakrig.process.destroyForcibly();
        long killed = System.nanoTime();
        HarnessProcess.await(Duration.ofSeconds(10), "no container of the killed harness",
                () -> ContainerEngineForTests.ownedBy(pid).isEmpty());
        System.out.printf("containers of the SIGKILLed harness gone after %d ms%n", (System.nanoTime() - killed) / 1_000_000);
    }

    @Test
    void aContainerThatExitsAtStartIsOneLineExit3AndNothingLeft() throws Exception {
        Path profile = profile(ContainerEngineForTests.testImage(), "EXIT_AT_START: '3'", 10);
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofSeconds(120))).as(soakrig.output()).isEqualTo(ExitCodes.NO_VERDICT);
        assertThat(SummaryJson.read(run).reasons()).singleElement().asString()
                .startsWith("target shop (container ").contains("did not start: it exited at start with code 3");
        assertThat(Files.readString(soakrig.stderr)).doesNotContain("\tat ");
        assertThat(run.resolve("latency.hlog")).as("no load generator was started").doesNotExist();
        assertThat(ContainerEngineForTests.ownedBy(soakrig.process.pid())).isEmpty();
    }

    @Test
    void anImageNotInTheStoreIsOneLineExit3() throws Exception {
        ContainerEngineForTests.assumeEngine();
        Path profile = profile("localhost/soakrig-no-such-image:1", "", 10);
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofSeconds(120))).as(soakrig.output()).isEqualTo(ExitCodes.NO_VERDICT);
        assertThat(SummaryJson.read(run).reasons()).singleElement().asString()
                .isEqualTo("target shop: image localhost/soakrig-no-such-image:1 is not in the container engine's store"
                        + " (soakrig pulls nothing: build or pull it first)");
        assertThat(ContainerEngineForTests.ownedBy(soakrig.process.pid())).isEmpty();
    }

    private static boolean readsStarted(Path run) {
        try {
            return RunEventLog.read(run.resolve("events.jsonl")).stream().anyMatch(e -> e.type() == RunEvent.Type.STARTED);
        } catch (Exception e) {
            return false;
        }
    }
}
