package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code report} on a run directory written before the leak gate failed closed: a real 30-second
 * smoke run with {@code noLeak: true}, recorded by the earlier soakrig (commit 6b88e81), which
 * judged its undecided leak call PASS. Judged again, the same files are INCONCLUSIVE.
 */
class ReportRejudgeTest {
    private static final Path RECORDED = Path.of("src/test/resources/runs/smoke-noleak-6b88e81");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    @Test
    void anUndecidedLeakCallThatOncePassedIsNowInconclusive() throws IOException {
        Path run = copy(RECORDED, tmp.resolve("run"));
        assertThat(SummaryJson.read(run).verdict()).as("what the earlier soakrig wrote").isEqualTo(Verdict.PASS);

        int exit = run("report", run.toString());

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.NO_VERDICT);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.reasons()).anyMatch(r -> r.startsWith("leak in backend not decided: "));
        assertThat(Files.readString(run.resolve("junit.xml"))).doesNotContain("failures=\"0\" errors=\"0\" skipped=\"0\"");
        assertThat(out.toString()).startsWith("INCONCLUSIVE");
    }

    private int run(String... args) {
        CommandLine cli = SoakrigCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
