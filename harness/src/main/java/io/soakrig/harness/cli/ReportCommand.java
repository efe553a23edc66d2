package io.soakrig.harness.cli;

import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.run.Judgement;
import io.soakrig.harness.run.RunDirectory;
import io.soakrig.harness.run.RunManifest;
import io.soakrig.harness.run.SpaceReserve;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig report RUN_DIR}: judge a run again from its files alone. This is how a run that
 * was killed — harness and all — still yields a summary of what it recorded before it died.
 *
 * <p>Re-judging never weakens a verdict silently. Without the run's gates (its profile copy gone
 * or unreadable) it refuses, leaving the results as they are; a recording shorter than the run
 * left it makes the run INCONCLUSIVE; and a verdict that differs from the one recorded says so.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-renders the summary of a run directory, also of a killed run.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory, e.g. reports/smoke-20261123-120000.")
    Path runPath;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RunDirectory dir;
        RunManifest manifest;
        Profile profile;
        try {
            dir = RunDirectory.open(runPath);
            manifest = dir.readManifest();
            profile = profileCopy(dir);
        } catch (IOException e) {
            err.println("soakrig: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Judgement judgement;
        try {
            judgement = Judgement.judgeAndWrite(dir.root(), manifest.profile(), profile, status(dir, manifest), recordedVerdict(dir));
        } catch (IOException | RuntimeException e) {
            err.println("soakrig: cannot read the recordings of " + dir.root() + ": " + e.getMessage());
            return ExitCodes.NO_VERDICT;
        }
        if (!judgement.unsaved().isEmpty()) {
            IOException first = judgement.unsaved().values().iterator().next();
            err.println("soakrig: cannot save the new judgement in " + dir.root() + ": "
                    + (SpaceReserve.isDiskFull(first) ? "the disk is full" : first.getMessage())
                    + "; not saved, and left as they were: " + String.join(", ", judgement.unsaved().keySet()));
            return ExitCodes.NO_VERDICT;
        }
        Summary summary = judgement.summary();
        VerdictPrinter.print(spec.commandLine().getOut(), summary, dir.root());
        return ExitCodes.of(summary.verdict());
    }

    /**
     * A manifest still saying RUNNING: in progress if its harness lives, interrupted otherwise. A
     * completed run whose recordings are shorter than it left them: cut, and not judged as whole.
     */
    private static RunStatus status(RunDirectory dir, RunManifest manifest) throws IOException {
        if (manifest.status().state() == RunStatus.State.COMPLETED) {
            List<String> cut = dir.shortRecordings(manifest.recorded());
            return cut.isEmpty() ? manifest.status() : new RunStatus(RunStatus.State.RECORDING_CUT,
                    String.join("; ", cut) + ": the recordings were cut after the run, and what is left is not the whole run");
        }
        if (manifest.status().state() != RunStatus.State.RUNNING) {
            return manifest.status();
        }
        boolean harnessAlive = ProcessHandle.of(manifest.harnessPid()).map(ProcessHandle::isAlive).orElse(false)
                && manifest.harnessPid() != ProcessHandle.current().pid();
        return harnessAlive
                ? new RunStatus(RunStatus.State.RUNNING, "run still in progress")
                : new RunStatus(RunStatus.State.INTERRUPTED, "run interrupted");
    }

    /**
     * The profile the run ran: its gates are what the run is judged by, so without them it is not
     * judged again — judged without gates, a failed run would pass.
     */
    private static Profile profileCopy(RunDirectory dir) throws IOException {
        Path copy = dir.profileCopy();
        if (!Files.isRegularFile(copy)) {
            throw new IOException(copy + " is missing: without the run's gates it is not judged again; its results are left as they were");
        }
        try {
            return new ProfileLoader().load(copy);
        } catch (ProfileException e) {
            String first = e.problems().get(0).toString().lines().findFirst().orElse("unreadable");
            throw new IOException(first + (e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more problems)" : "")
                    + ": without the run's gates it is not judged again; its results are left as they were");
        }
    }

    /** The verdict in the run's summary.json, or null when there is none to read. */
    private static Verdict recordedVerdict(RunDirectory dir) {
        try {
            return Files.isRegularFile(dir.root().resolve(SummaryJson.FILE)) ? SummaryJson.read(dir.root()).verdict() : null;
        } catch (IOException unreadable) {
            return null;
        }
    }
}
