package io.soakrig.harness.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.soakrig.analysis.compare.RunComparison;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.harness.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig compare RUN_DIR...}: runs side by side from their {@code summary.json}, the first
 * the reference, with every figure that got worse flagged. Exit 1 when something is flagged, so
 * a nightly job can fail on a regression against last night.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares runs side by side (the first is the reference) and flags what got worse.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "2..*", description = "Run directories, the reference first.")
    List<Path> runs;

    @Override
    public Integer call() {
        List<Summary> summaries = new ArrayList<>();
        for (Path run : runs) {
            Path file = run.resolve(SummaryJson.FILE);
            if (!Files.isRegularFile(file)) {
                spec.commandLine().getErr().println("soakrig: " + run + " has no " + SummaryJson.FILE + " (run `soakrig report` on it first)");
                return ExitCodes.INVALID_INPUT;
            }
            try {
                summaries.add(SummaryJson.read(run));
            } catch (IOException e) {
                String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                spec.commandLine().getErr().println("soakrig: cannot read " + file + ": " + why.lines().findFirst().orElse(""));
                return ExitCodes.INVALID_INPUT;
            }
        }
        List<RunComparison.Row> rows = RunComparison.compare(summaries);
        print(spec.commandLine().getOut(), rows);
        return rows.stream().anyMatch(RunComparison.Row::anyFlagged) ? ExitCodes.GATE_FAILED : ExitCodes.PASS;
    }

    private void print(PrintWriter out, List<RunComparison.Row> rows) {
        int figure = rows.stream().mapToInt(r -> r.figure().length()).max().orElse(0);
        int[] widths = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            widths[i] = runs.get(i).getFileName().toString().length();
            for (RunComparison.Row r : rows) {
                widths[i] = Math.max(widths[i], r.values().get(i).length() + 1);
            }
        }
        StringBuilder header = new StringBuilder(String.format("%-" + figure + "s", ""));
        for (int i = 0; i < runs.size(); i++) {
            header.append("  ").append(String.format("%" + widths[i] + "s", runs.get(i).getFileName()));
        }
        out.println(header);
        for (RunComparison.Row r : rows) {
            StringBuilder line = new StringBuilder(String.format("%-" + figure + "s", r.figure()));
            for (int i = 0; i < runs.size(); i++) {
                line.append("  ").append(String.format("%" + widths[i] + "s", r.values().get(i) + (r.flagged().get(i) ? "!" : " ")));
            }
            out.println(line.toString().stripTrailing());
        }
        long flagged = rows.stream().filter(RunComparison.Row::anyFlagged).count();
        out.println(flagged == 0 ? "no regression against " + runs.get(0).getFileName()
                : flagged + " figure(s) worse than " + runs.get(0).getFileName() + " (marked !)");
        out.flush();
    }
}
