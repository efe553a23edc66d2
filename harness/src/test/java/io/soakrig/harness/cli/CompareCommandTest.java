package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.verdict.GateResult;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code soakrig compare}: tonight against last night, a planted regression flagged, an identical run not. */
class CompareCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void anIdenticalRunIsNoRegression() throws Exception {
        Path lastNight = write("nightly-20261122", summary(5.0, 0.001, 0.2, 1.0));
        Path tonight = write("nightly-20261123", summary(5.0, 0.001, 0.2, 1.0));

        assertThat(run("compare", lastNight.toString(), tonight.toString())).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).contains("no regression against nightly-20261122").doesNotContain("!");
    }

    @Test
    void aPlantedRegressionIsFlaggedFigureByFigure() throws Exception {
        Path lastNight = write("nightly-20261122", summary(5.0, 0.001, 0.2, 1.0));
        Path tonight = write("nightly-20261123", summary(9.0, 0.001, 3.5, 1.0));

        assertThat(run("compare", lastNight.toString(), tonight.toString())).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .containsPattern("p99 ms +5\\.00 +9\\.00!")
                .containsPattern("memory MB/min recommendation +\\+0\\.20 +\\+3\\.50!")
                .containsPattern("(?m)^error rate % +0\\.10 +0\\.10$")
                .containsPattern("p99.9 ms +10\\.00 +18\\.00!")
                .contains("3 figure(s) worse than nightly-20261122");
    }

    @Test
    void aFolderWithoutASummaryIsInvalidInput() throws Exception {
        Path lastNight = write("nightly-20261122", summary(5.0, 0.001, 0.2, 1.0));

        assertThat(run("compare", lastNight.toString(), tmp.resolve("empty").toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("has no summary.json");
    }

    @Test
    void aCorruptSummaryIsOneLineNamingIt() throws Exception {
        Path lastNight = write("nightly-20261122", summary(5.0, 0.001, 0.2, 1.0));
        Path tonight = Files.createDirectories(tmp.resolve("nightly-20261123"));
        Files.writeString(tonight.resolve(SummaryJson.FILE), "{\"profile\": \"nightly\", \"verdict\": ");

        assertThat(run("compare", lastNight.toString(), tonight.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).startsWith("soakrig: cannot read " + tonight.resolve(SummaryJson.FILE) + ": ").hasLineCount(1);
    }

    private Path write(String name, Summary summary) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        SummaryJson.write(dir, summary);
        return dir;
    }

    private static Summary summary(double p99, double errorRate, double slope, double amplification) {
        Percentiles latency = new Percentiles(1.0, 3.0, p99, p99 * 2, p99 * 3);
        return new Summary("nightly", Verdict.PASS, List.of(), List.<GateResult>of(),
                new Summary.Traffic(600, 10_000, (long) (10_000 * errorRate), errorRate, latency, Map.of(), false, null),
                new Summary.TargetHealth(Map.of(), Map.of("recommendation",
                        new Summary.Leak(LeakDetector.Decision.NO_LEAK, slope, slope - 0.5, slope + 0.5, 300.0, null)), Map.of(), Map.of()),
                null, new Summary.Amplification(10_000, 10_000, 16.6, Map.of("client", amplification)), null, List.of());
    }

    private int run(String... args) {
        CommandLine cli = SoakrigCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }
}
