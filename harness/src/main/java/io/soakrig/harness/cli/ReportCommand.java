package io.soakrig.harness.cli;

import io.soakrig.analysis.verdict.Gates;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.report.HtmlReport;
import io.soakrig.analysis.report.JunitReport;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.run.RunDirectory;
import io.soakrig.harness.run.RunManifest;
import io.soakrig.harness.run.SoakRun;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig report RUN_DIR}: judge a run again from its files alone. This is how a run that
 * was killed — harness and all — still yields a summary of what it recorded before it died.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-renders the summary of a run directory, also of a killed run.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory, e.g. reports/smoke-20261123-120000.")
    Path runPath;

    @Override
    public Integer call() throws IOException {
        RunDirectory dir;
        RunManifest manifest;
        try {
            dir = RunDirectory.open(runPath);
            manifest = dir.readManifest();
        } catch (IOException e) {
            spec.commandLine().getErr().println("soakrig: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Profile profile = profileCopy(dir);
        Summary summary = RunAnalyzer.analyze(dir.root(), manifest.profile(),
                profile == null ? Gates.NONE : SoakRun.gates(profile), status(manifest),
                profile == null ? Map.of() : SoakRun.memoryLimitsMB(profile));
        SummaryJson.write(dir.root(), summary);
        JunitReport.write(dir.root(), summary);
        HtmlReport.write(dir.root(), summary);
        VerdictPrinter.print(spec.commandLine().getOut(), summary, dir.root());
        return ExitCodes.of(summary.verdict());
    }

    /** A manifest still saying RUNNING: in progress if its harness lives, interrupted otherwise. */
    private static RunStatus status(RunManifest manifest) {
        if (manifest.status().state() != RunStatus.State.RUNNING) {
            return manifest.status();
        }
        boolean harnessAlive = ProcessHandle.of(manifest.harnessPid()).map(ProcessHandle::isAlive).orElse(false)
                && manifest.harnessPid() != ProcessHandle.current().pid();
        return harnessAlive
                ? new RunStatus(RunStatus.State.RUNNING, "run still in progress")
                : new RunStatus(RunStatus.State.INTERRUPTED, "run interrupted");
    }

    /** The profile the run ran, or null (and a warning) when its copy is unreadable. */
    private Profile profileCopy(RunDirectory dir) {
        try {
            return new ProfileLoader().load(dir.profileCopy());
        } catch (ProfileException e) {
            spec.commandLine().getErr().println("soakrig: the run's profile copy is unreadable, judging without gates: "
                    + e.getMessage());
            return null;
        }
    }
}
