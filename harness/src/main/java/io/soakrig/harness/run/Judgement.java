package io.soakrig.harness.run;

import io.soakrig.analysis.report.HtmlReport;
import io.soakrig.analysis.report.JunitReport;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.contract.RunLayout;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

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
        void to(Path root, Summary summary) throws IOException;
    }

    private static final Map<String, Write> RESULT_FILES = resultFiles();

    public Judgement {
        unsaved = Collections.unmodifiableMap(new LinkedHashMap<>(unsaved));
    }

    /**
     * Judges the recordings in {@code root} by {@code profile}'s gates and writes the results.
     *
     * @param profileName the name the run went by (its manifest's)
     * @param status      how the run ended
     * @param amend       applied to the summary before it is written (a note on it); identity if none
     * @throws IOException when the recordings cannot be read: nothing was written
     */
    public static Judgement judgeAndWrite(Path root, String profileName, Profile profile, RunStatus status,
                                          UnaryOperator<Summary> amend) throws IOException {
        Summary summary = amend.apply(RunAnalyzer.analyze(root, profileName, AnalysisSettings.gates(profile), status,
                AnalysisSettings.memoryLimitsMB(profile)));
        Map<String, IOException> unsaved = new LinkedHashMap<>();
        RESULT_FILES.forEach((file, write) -> {
            try {
                write.to(root, summary);
            } catch (IOException e) {
                unsaved.put(file, e);
            }
        });
        return new Judgement(summary, unsaved);
    }

    private static Map<String, Write> resultFiles() {
        Map<String, Write> files = new LinkedHashMap<>();
        files.put(RunLayout.SUMMARY, SummaryJson::write);
        files.put(RunLayout.JUNIT, JunitReport::write);
        files.put(RunLayout.REPORT, HtmlReport::write);
        return files;
    }
}
