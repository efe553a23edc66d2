package io.soakrig.harness.run;

import io.soakrig.analysis.verdict.Summary;
import io.soakrig.harness.ExitCodes;
import java.util.List;

/**
 * How a run ended: its judged summary, and the result files the disk could not take. A verdict
 * that could not be saved is no verdict to a CI job, whatever it says.
 *
 * @param summary the verdict and its figures
 * @param unsaved result files that could not be written (a full disk), empty normally
 */
public record RunOutcome(Summary summary, List<String> unsaved) {
    public RunOutcome {
        unsaved = List.copyOf(unsaved);
    }

    /** The verdict's exit code, or no verdict when the verdict could not be saved. */
    public int exitCode() {
        return unsaved.isEmpty() ? ExitCodes.of(summary.verdict()) : ExitCodes.NO_VERDICT;
    }
}
