package io.soakrig.analysis.verdict;

import io.soakrig.analysis.recording.RunRecordings;
import java.util.Map;

/**
 * A run as judged: its summary, the recordings it was judged from and the growth lines its leak
 * calls fitted — everything {@code summary.json}, {@code junit.xml} and {@code report.html} are
 * written from, so the report draws what the verdict saw and reads nothing again.
 *
 * @param summary    the verdict and its figures
 * @param recordings what the run directory held when it was judged
 * @param trendLines the fitted growth line of each target whose leak call has a slope
 */
public record RunJudgement(Summary summary, RunRecordings recordings, Map<String, LeakCalls.TrendLine> trendLines) {
}
