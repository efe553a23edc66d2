package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.contract.requests.StartedRequestsFile;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.UserSimulations;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own Gatling simulation, compiled from source and named by the profile, run by the
 * real CLI against a real stub: recorded through the library it is judged like soakrig's own; a
 * canary plays it once per arm; a constructor that throws, a simulation that records nothing and
 * one that reaches for an address outside the run's targets each end with no verdict, their reason
 * on screen and no stub left running.
 */
@Tag("integration")
class OwnSimulationIT {
    @TempDir
    static Path classesDir;

    @TempDir
    Path tmp;

    private static Path classes;

    @BeforeAll
    static void compileTheUsersSimulations() throws Exception {
        classes = UserSimulations.compile(classesDir.resolve("classes"), Map.of(
                "acme.RecordingSimulation", UserSimulations.RECORDING,
                "acme.SilentSimulation", UserSimulations.SILENT,
                "acme.OwnInjectionSimulation", UserSimulations.OWN_INJECTION,
                "acme.ThrowingSimulation", UserSimulations.THROWING));
    }

    @Test
    void aSimulationRecordingThroughTheLibraryIsJudgedLikeSoakrigsOwn() throws Exception {
        Summary summary = passed("acme.RecordingSimulation");

        assertThat(summary.verdict()).isEqualTo(Verdict.PASS);
        assertThat(summary.endpoints()).containsOnlyKeys("items");
        assertThat(summary.requests()).as("20/s for 4 s").isBetween(75L, 85L);
        assertThat(summary.requestAccounting().unfinished()).isZero();
        assertThat(summary.amplification().perLayer()).containsEntry("client", 1.0);
        assertThat(summary.generator().saturated()).isFalse();
        assertThat(summary.targets().get("backend").requestsServed()).as("the stub's own count, within the requests in flight at the end")
                .isBetween(summary.requests(), summary.requests() + 5);
    }

    @Test
    void aSimulationWithItsOwnInjectionIsHeldToWhatItDeclaredNotToTheProfilesPlan() throws Exception {
        Summary summary = passed("acme.OwnInjectionSimulation");

        assertThat(summary.requests()).as("its own 10/s for 4 s, not the profile's 20/s").isBetween(35L, 45L);
        assertThat(summary.generator().saturated()).isFalse();
        assertThat(Files.readAllLines(tmp.resolve("run").resolve("arrivals.csv")).stream().skip(1).map(line -> line.split(",")[1]).distinct())
                .as("arrivals counted against the declared population only").containsExactly("browse");
    }

    @Test
    void aCanaryPlaysTheSimulationOncePerArm() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = run(profile("acme.RecordingSimulation", true), run);

        int exit = soakrig.awaitExit(Duration.ofMinutes(2));

        assertThat(exit).as(soakrig.output()).isIn(0, ExitCodes.GATE_FAILED, ExitCodes.NO_VERDICT);
        Map<String, Long> started = StartedRequestsFile.read(run.resolve("requests.json"));
        assertThat(started).containsOnlyKeys("baseline/items", "canary/items");
        assertThat(started.get("baseline/items")).as("the same schedule for both arms").isEqualTo(started.get("canary/items"))
                .isBetween(75L, 85L);
        assertThat(LatencyRecording.read(run.resolve("latency.hlog")).requests()).isEqualTo(2 * started.get("canary/items"));
        assertThat(SummaryJson.read(run).canary()).isNotNull();
    }

    @Test
    void aConstructorThatThrowsEndsWithNoVerdictItsCauseAndNoStubLeft() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = run(profile("acme.ThrowingSimulation", false), run);
        HarnessProcess.await(Duration.ofSeconds(60), "the stub and the Gatling JVM", () -> soakrig.process.descendants().count() >= 2);
        List<ProcessHandle> children = soakrig.process.descendants().toList();

        int exit = soakrig.awaitExit(Duration.ofMinutes(1));

        assertThat(exit).as(soakrig.output()).isEqualTo(ExitCodes.NO_VERDICT);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(soakrig.stdout)).startsWith("ERROR  own:")
                .contains("your simulation acme.ThrowingSimulation failed")
                .contains("java.lang.IllegalStateException: no credentials for the checkout service");
        assertThat(Files.readString(soakrig.stderr)).doesNotContain("\tat ");
    }

    @Test
    void aSimulationThatRecordsNothingThroughSoakrigIsInconclusiveNeverPass() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = run(profile("acme.SilentSimulation", false), run);

        int exit = soakrig.awaitExit(Duration.ofMinutes(2));

        assertThat(exit).as(soakrig.output()).isEqualTo(ExitCodes.NO_VERDICT);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.reasons()).singleElement().asString()
                .contains("your simulation acme.SilentSimulation recorded nothing through soakrig");
        assertThat(summary.targets().get("backend").requestsServed()).as("its traffic did reach the stub").isPositive();
    }

    @Test
    void aSimulationSendingOutsideTheRunsTargetsIsStoppedBeforeAnyPacketAndNeverPasses() throws Exception {
        try (ServerSocket elsewhere = new ServerSocket()) {
            elsewhere.bind(new InetSocketAddress("127.0.0.2", 0));
            String url = "http://127.0.0.2:" + elsewhere.getLocalPort() + "/orders";
            Path own = UserSimulations.compile(tmp.resolve("elsewhere"), Map.of("acme.ElsewhereSimulation", UserSimulations.sendingTo(url)));
            Path run = tmp.resolve("run");
            HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile("acme.ElsewhereSimulation", false).toString(),
                    "--classpath", own.toString(), "--out", run.toString());
            HarnessProcess.await(Duration.ofSeconds(60), "the stub and the Gatling JVM", () -> soakrig.process.descendants().count() >= 2);
            List<ProcessHandle> children = soakrig.process.descendants().toList();

            int exit = soakrig.awaitExit(Duration.ofMinutes(2));

            assertThat(exit).as(soakrig.output()).isEqualTo(ExitCodes.NO_VERDICT);
            assertThat(Files.readString(soakrig.stdout)).as(soakrig.output()).startsWith("ERROR  own:")
                    .contains("your simulation acme.ElsewhereSimulation tried to connect to 127.0.0.2:" + elsewhere.getLocalPort()
                            + ", which is not a traffic target of this run (127.0.0.1:")
                    .contains("refused before any packet was sent; its load generator was stopped there");
            assertThat(SummaryJson.read(run).verdict()).isEqualTo(Verdict.ERROR);
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            elsewhere.setSoTimeout(200);
            assertThatThrownBy(elsewhere::accept).as("no connection reached 127.0.0.2, not even a handshake")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** Runs {@code simulation} under the single-target profile to its exit, which must be 0; its summary. */
    private Summary passed(String simulation) throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = run(profile(simulation, false), run);

        int exit = soakrig.awaitExit(Duration.ofMinutes(2));

        assertThat(exit).as(soakrig.output()).isZero();
        return SummaryJson.read(run);
    }

    private HarnessProcess run(Path profile, Path run) throws Exception {
        return HarnessProcess.start(tmp, "run", profile.toString(), "--classpath", classes.toString(), "--out", run.toString());
    }

    private Path profile(String simulation, boolean canary) throws Exception {
        String targets = canary ? """
                  baseline:
                    stub: { role: backend, heapMb: 96 }
                  canary:
                    stub: { role: backend, heapMb: 96 }
                """ : """
                  backend:
                    stub: { role: backend, heapMb: 96 }
                """;
        return Files.writeString(tmp.resolve("own.yaml"), """
                name: own
                targets:
                %straffic:
                %s  simulation: %s
                  arrivals:
                    - constant: { rate: 20, duration: 4s }
                %s""".formatted(targets, canary ? "" : "  target: backend\n", simulation,
                canary ? "canary: { baseline: baseline, canary: canary, latencyTolerance: 0.5 }\n"
                        : "gates: { p99LatencyMs: 500, errorRate: 0.01 }\n"));
    }
}
