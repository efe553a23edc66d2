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
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

        HarnessProcess.await(Duration.ofSeconds(10), "every child to exit", () -> children.stream().noneMatch(ProcessHandle::isAlive));
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

    /**
     * Killed well into a long run (issue 17: a killed 10-minute run still yields its report). The
     * plan is 100 minutes at 100 arrivals a second; the harness is SIGKILLed
     * {@code soakrig.killedRun.seconds} into the traffic (120 by default, to fit the IT set's budget;
     * {@code -Dsoakrig.killedRun.seconds=600} for ten minutes). {@code soakrig report} then judges
     * what was recorded up to the kill: the latency log, every memory sample, summary.json and
     * report.html. The plan's 600,000 arrivals are more than Gatling's own files are kept for
     * ({@code GatlingFiles}): Gatling wrote no simulation.log.
     */
    @Test
    void aLongRunKilledMinutesInStillYieldsItsReportUpToTheKill() throws Exception {
        long killAfter = Long.getLong("soakrig.killedRun.seconds", 120);
        long planned = Math.max(6000, killAfter + 120);
        Path profile = tmp.resolve("long.yaml");
        Files.writeString(profile, Files.readString(HarnessProcess.profile("smoke.yaml"))
                .replace("name: smoke", "name: killed-long")
                .replace("constant: { rate: 200, duration: 25s }", "constant: { rate: 100, duration: " + planned + "s }"));
        assertThat(Files.readString(profile)).contains("duration: " + planned + "s");
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());
        HarnessProcess.await(Duration.ofSeconds(90), "the first latency interval", () -> intervalLines(run) >= 1);
        long killAt = System.nanoTime() + Duration.ofSeconds(killAfter).toNanos();
        HarnessProcess.await(Duration.ofSeconds(killAfter + 30), "minute " + killAfter / 60.0 + " of the traffic",
                () -> System.nanoTime() >= killAt || !soakrig.process.isAlive());
        assertThat(soakrig.process.isAlive()).as(soakrig.output()).isTrue();
        List<ProcessHandle> children = soakrig.process.descendants().toList();

        soakrig.process.destroyForcibly();
        soakrig.process.waitFor();

        HarnessProcess.await(Duration.ofSeconds(10), "every child to exit", () -> children.stream().noneMatch(ProcessHandle::isAlive));
        LatencyRecording recorded = LatencyRecording.read(run.resolve("latency.hlog"));
        HarnessProcess report = HarnessProcess.start(tmp.resolve("report"), "report", run.toString());
        assertThat(report.awaitExit(Duration.ofSeconds(120))).as(report.output()).isEqualTo(ExitCodes.NO_VERDICT);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.reasons()).containsExactly("run interrupted");
        assertThat(summary.durationSeconds()).as("the latency recording reaches the kill").isGreaterThanOrEqualTo(killAfter - 5);
        assertThat(summary.requestAccounting().recorded()).isEqualTo(recorded.requests()).isGreaterThan(killAfter * 50);
        assertThat(summary.memory().get("backend").samples()).as("a memory sample a second up to the kill")
                .isGreaterThanOrEqualTo((int) killAfter - 10);
        assertThat(summary.leak()).containsKey("backend");
        assertThat(Files.size(run.resolve("report.html"))).isPositive();
        assertThat(Files.readString(run.resolve("report.html"))).contains("run interrupted");
        assertThat(Files.readString(report.stdout)).startsWith("INCONCLUSIVE  killed-long:");
        assertThat(Files.readString(soakrig.stderr)).contains("Gatling's own simulation.log and HTML report are off for this run");
        if (Files.exists(run.resolve("gatling"))) {
            try (Stream<Path> gatling = Files.walk(run.resolve("gatling"))) {
                assertThat(gatling.map(Path::getFileName).map(Path::toString)).doesNotContain("simulation.log");
            }
        }
    }

    /** Ctrl-C or a CI job's cancel: the run is judged and says so on stdout, and no CI reporter shows it green. */
    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void interruptedHarnessStopsItsChildrenJudgesTheRunAndPrintsTheVerdict(String signal, int expectedExit) throws Exception {
        Assumptions.assumeFalse(ignoredHere(expectedExit - 128), "SIG" + signal + " is ignored in this process tree (it was "
                + "started as a background job, e.g. under nohup or `cmd &`), and the JVM keeps an inherited ignore: the "
                + "harness cannot receive it here");
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("smoke.yaml").toString(),
                "--out", run.toString());
        HarnessProcess.await(Duration.ofSeconds(90), "two latency intervals", () -> intervalLines(run) >= 2);
        List<ProcessHandle> children = soakrig.process.descendants().toList();

        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(soakrig.process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        int exit = soakrig.awaitExit(Duration.ofSeconds(30));

        assertThat(exit).as("128 + SIG" + signal).isEqualTo(expectedExit);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.reasons()).containsExactly("run interrupted");
        assertThat(Files.readString(run.resolve("run.json"))).contains("\"state\" : \"INTERRUPTED\"");
        assertThat(Files.readString(soakrig.stdout)).as(soakrig.output()).startsWith("INCONCLUSIVE  smoke:")
                .contains("  - run interrupted").contains("run directory: " + run);
        String junit = Files.readString(run.resolve("junit.xml"));
        assertThat(junit).contains("errors=\"1\"").contains("<error message=\"run interrupted\"");
        assertThat(run.resolve("run.lock")).as("the directory's claim is given up").doesNotExist();
        assertThat(run.resolve("space.reserve")).doesNotExist();
    }

    /**
     * Whether signal {@code number} is ignored by this JVM's process, which the harness it starts
     * inherits: a shell starts background jobs with SIGINT ignored, and HotSpot leaves an
     * inherited ignore of SIGINT, SIGTERM or SIGHUP in place.
     */
    private static boolean ignoredHere(int number) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
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
