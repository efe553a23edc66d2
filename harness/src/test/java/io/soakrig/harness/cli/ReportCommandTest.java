package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.TestProfiles;
import io.soakrig.harness.TinyDisk;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code soakrig report} on a run directory that is not what its run left: re-judging never
 * turns a failed run into a pass, and what it cannot do it says in one line.
 */
class ReportCommandTest {
    private static final String PROFILE = TestProfiles.urlTarget("demo", "http://127.0.0.1:1", 100, "10s") + """
            gates:
              errorRate: 0.01
            """;
    private static final String MANIFEST = """
            {
              "profile" : "demo",
              "durationLimitSeconds" : null,
              "startedAt" : "2026-11-23T00:00:00Z",
              "harnessPid" : 1,
              "targets" : { "api" : "http://127.0.0.1:1" },
              "status" : { "state" : "COMPLETED", "reason" : null }%s
            }
            """;

    @TempDir
    Path tmp;

    private Path run;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A completed run that failed its error-rate gate: its failures all came in its last second. */
    @BeforeEach
    void recordAFailedRun() throws Exception {
        run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("profile.yaml"), PROFILE);
        try (PrintStream log = new PrintStream(Files.newOutputStream(run.resolve("latency.hlog")))) {
            HistogramLogWriter writer = new HistogramLogWriter(log);
            long base = 1_795_000_000_000L;
            writer.setBaseTime(base);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (int second = 0; second < 10; second++) {
                interval(writer, base, second, "items", 100);
            }
            interval(writer, base, 9, "items.ko", 50);
        }
        Files.writeString(run.resolve("run.json"), MANIFEST.formatted(""));
    }

    @Test
    void aFailedRunIsJudgedFailedAgain() throws Exception {
        assertThat(report()).as(err.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(SummaryJson.read(run).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(out.toString()).startsWith("FAIL  demo: 1050 requests, 50 errors");
    }

    @Test
    void withoutItsProfileCopyAFailedRunIsNotJudgedAgain() throws Exception {
        report();
        String junit = Files.readString(run.resolve("junit.xml"));
        Files.delete(run.resolve("profile.yaml"));
        err.getBuffer().setLength(0);

        assertThat(report()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).as("one line naming the file").hasLineCount(1)
                .startsWith("soakrig: " + run.resolve("profile.yaml") + " is missing");
        assertThat(SummaryJson.read(run).verdict()).as("summary.json left as it was").isEqualTo(Verdict.FAIL);
        assertThat(Files.readString(run.resolve("junit.xml"))).isEqualTo(junit);
    }

    @Test
    void withACorruptProfileCopyAFailedRunIsNotJudgedAgain() throws Exception {
        report();
        Files.writeString(run.resolve("profile.yaml"), "name: demo\ngates: { errorRate: [\n");
        err.getBuffer().setLength(0);

        assertThat(report()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).hasLineCount(1).startsWith("soakrig: " + run.resolve("profile.yaml"))
                .contains("not judged again");
        assertThat(SummaryJson.read(run).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aLatencyLogCutBeforeItsFailuresIsInconclusiveNotAPass() throws Exception {
        Files.writeString(run.resolve("run.json"), MANIFEST.formatted(",\n  \"recorded\" : { \"latency.hlog\" : "
                + Files.size(run.resolve("latency.hlog")) + " }"));
        assertThat(report()).isEqualTo(ExitCodes.GATE_FAILED);
        String log = Files.readString(run.resolve("latency.hlog"));
        Files.writeString(run.resolve("latency.hlog"), log.substring(0, log.indexOf("Tag=items.ko") - 30));
        out.getBuffer().setLength(0);

        assertThat(report()).as(err.toString()).isEqualTo(ExitCodes.NO_VERDICT);
        assertThat(SummaryJson.read(run).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(SummaryJson.read(run).reasons()).anyMatch(r -> r.startsWith("latency.hlog ends early: "))
                .contains("re-judged by soakrig report: the run's own verdict was FAIL");
        assertThat(out.toString()).startsWith("INCONCLUSIVE  demo:").contains("latency.hlog ends early");
    }

    @Test
    void aReportThatTheDiskCannotTakeIsOneLineAndLeavesNoPartialFile() throws Exception {
        try (TinyDisk disk = TinyDisk.mount(tmp.resolve("disk"), 1 << 20)) {
            Path onDisk = Files.createDirectories(disk.root().resolve("run"));
            try (Stream<Path> files = Files.list(run)) {
                for (Path f : files.toList()) {
                    Files.copy(f, onDisk.resolve(f.getFileName()));
                }
            }
            run = onDisk;
            disk.fill();

            assertThat(report()).isEqualTo(ExitCodes.NO_VERDICT);

            assertThat(err.toString()).hasLineCount(1).startsWith("soakrig: cannot save the new judgement in " + onDisk)
                    .contains("the disk is full");
            assertThat(out.toString()).isEmpty();
            try (Stream<Path> files = Files.list(onDisk)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("latency.hlog", "profile.yaml", "run.json");
            }
        }
    }

    private int report() {
        CommandLine cli = SoakrigCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute("report", run.toString());
    }

    private static void interval(HistogramLogWriter writer, long base, int second, String tag, int count) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(2_000_000L, count);
        h.setTag(tag);
        h.setStartTimeStamp(base + second * 1000L);
        h.setEndTimeStamp(base + (second + 1) * 1000L);
        writer.outputIntervalHistogram(h);
    }
}
