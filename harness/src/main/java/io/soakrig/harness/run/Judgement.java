package io.soakrig.harness.run;

import io.soakrig.analysis.report.HtmlReport;
import io.soakrig.analysis.report.JunitReport;
import io.soakrig.analysis.recording.RunRecordings;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.contract.RunLayout;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run judged from its run directory and the result files that carry the verdict:
 * {@code summary.json}, {@code junit.xml} and {@code report.html}. One step for both the end of a
 * {@code run} and {@code report}'s re-judging, so that the two judge alike and write the same files.
 *
 * <p>Each file is written on its own: one the disk cannot take is named in {@link #unsaved}, not a
 * reason to drop the others, and each is replaced atomically, so none is ever left half-written.
 *
 * @param summary the verdict and its figures
 * @param unsaved per result file that could not be written, why; empty normally
 */
public record Judgement(Summary summary, Map<String, IOException> unsaved) {
    private interface Write {
        void run() throws IOException;
    }

    public Judgement {
        unsaved = Collections.unmodifiableMap(new LinkedHashMap<>(unsaved));
    }

    /**
     * Judges the recordings in {@code root} by {@code profile}'s gates and writes the results.
     *
     * @param profileName the name the run went by (its manifest's)
     * @param status      how the run ended
     * @param recorded    when re-judging, the verdict the run's own summary holds (a verdict that
     *                    changes says so in its last reason); null at the end of a run
     * @throws IOException when the recordings cannot be read: nothing was written
     */
    public static Judgement judgeAndWrite(Path root, String profileName, Profile profile, RunStatus status, Verdict recorded)
            throws IOException {
        RunJudgement judged = RunAnalyzer.rejudge(RunRecordings.read(root), profileName, AnalysisSettings.gates(profile), status,
                AnalysisSettings.memoryLimitsMB(profile), recorded);
        Summary summary = judged.summary();
        Map<String, IOException> unsaved = new LinkedHashMap<>();
        save(RunLayout.SUMMARY, () -> SummaryJson.write(root, summary), unsaved);
        save(RunLayout.JUNIT, () -> JunitReport.write(root, summary), unsaved);
        save(RunLayout.REPORT, () -> HtmlReport.write(root, judged), unsaved);
        return new Judgement(summary, unsaved);
    }

    private static void save(String file, Write write, Map<String, IOException> unsaved) {
        try {
            write.run();
        } catch (IOException e) {
            unsaved.put(file, e);
        }
    }
}
