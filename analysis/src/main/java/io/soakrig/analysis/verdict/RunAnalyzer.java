package io.soakrig.analysis.verdict;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.recording.RunRecordings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a run's recordings ({@link RunRecordings}) into a {@link RunJudgement}. It reads only
 * files, so a run can be re-judged at any time, including one killed half-way.
 *
 * <p>Precedence: a harness or target failure is ERROR; an interrupted run, or one whose recordings
 * were cut after it ended, is INCONCLUSIVE; a run
 * that recorded no request is ERROR (nothing was measured); otherwise every gate is checked (one
 * {@link Gate} per threshold, see {@link Gates}), and their results are combined by
 * {@link Verdict#of}: one failed gate makes FAIL. A gate that could not be judged (a canary
 * comparison or a leak call that cannot decide, a target whose memory was not sampled), with every
 * other gate passed, makes INCONCLUSIVE: PASS means checked, and fine.
 *
 * <p>Requests the load generator started and never recorded (still open when it stopped) are
 * errors; a completed run whose started and recorded requests cannot be reconciled at all (see
 * {@link RequestAccounting}) is at best INCONCLUSIVE: its error rate may be missing requests.
 */
public final class RunAnalyzer {
    private RunAnalyzer() {
    }

    /** Reads {@code runDir}'s recordings and judges them; the summary alone, for callers that render nothing. */
    public static Summary analyze(Path runDir, String profile, Gates gates, RunStatus status,
                                  Map<String, Double> memoryLimitsMB) throws IOException {
        return judge(RunRecordings.read(runDir), profile, gates, status, memoryLimitsMB).summary();
    }

    /**
     * @param memoryLimitsMB each target's memory limit in MiB, for the leak projection; targets
     *                       sampled per instance ({@code name#i}) use their target's limit
     */
    public static RunJudgement judge(RunRecordings recordings, String profile, Gates gates, RunStatus status,
                                     Map<String, Double> memoryLimitsMB) {
        return judge(recordings, profile, gates, status, memoryLimitsMB, null);
    }

    /**
     * Judges a run again, as {@code soakrig report} does: as {@link #judge}, and when the verdict
     * differs from the one the run recorded, the last reason says so.
     *
     * @param recorded the verdict the run's own summary holds, null when it has none
     */
    public static RunJudgement rejudge(RunRecordings recordings, String profile, Gates gates, RunStatus status,
                                       Map<String, Double> memoryLimitsMB, Verdict recorded) {
        return judge(recordings, profile, gates, status, memoryLimitsMB, recorded);
    }

    private static RunJudgement judge(RunRecordings r, String profile, Gates gates, RunStatus status,
                                      Map<String, Double> memoryLimitsMB, Verdict recorded) {
        LatencyRecording latency = r.latency();
        RequestAccounting accounting = r.accounting();
        long requests = accounting == null ? latency.requests() : accounting.requests();
        long errors = latency.errors() + (accounting == null ? 0 : accounting.unfinishedOrZero());
        Double errorRate = requests == 0 ? null : (double) errors / requests;
        Percentiles overall = Percentiles.of(latency.succeeded());
        LeakDetector.Look looks = looks(status);
        Map<String, Summary.Leak> leaks = LeakCalls.of(r.samples(), memoryLimitsMB, gates.leakDetection(), looks);
        Summary.CanaryReport canary = gates.canary() == null ? null : new CanaryJudge(gates.canary())
                .judge(latency, LeakCalls.excessGrowth(r.samples(), gates.canary(), gates.leakDetection(), looks), false);
        GeneratorCheck.Result generator = r.generator();

        List<String> reasons = new ArrayList<>();
        List<GateResult> results = new ArrayList<>();
        if (status.state() == RunStatus.State.COMPLETED && status.reason() != null) {
            reasons.add(status.reason());
        }
        Verdict verdict = switch (status.state()) {
            case FAILED -> reason(reasons, Verdict.ERROR, status.reason());
            case INTERRUPTED, RUNNING, RECORDING_CUT, UNRECORDED, SHARE_MISSING -> reason(reasons, Verdict.INCONCLUSIVE,
                    status.reason() == null ? "run interrupted" : status.reason());
            case COMPLETED -> !r.cells().isEmpty()
                    ? reason(reasons, Verdict.PASS, r.cells().size() + " experiment cells measured (see experiment)")
                    : requests == 0
                    ? reason(reasons, Verdict.ERROR, "no request was recorded")
                    : checkGates(gates, new Measurements(overall, errorRate, leaks, RunFigures.lastSamples(r.samples()),
                            latency.endMillis(), canary, generator, accounting), reasons, results);
        };
        if (recorded != null && recorded != verdict) {
            reasons.add("re-judged by soakrig report: the run's own verdict was " + recorded);
        }
        Summary.Traffic traffic = new Summary.Traffic(latency.spanSeconds(), requests, errors, errorRate, overall,
                RunFigures.endpoints(latency, accounting), latency.truncated(), accounting);
        Summary.TargetHealth health = new Summary.TargetHealth(RunFigures.memory(r.samples(), r.events()), leaks,
                RunFigures.targets(r.samples()), RunFigures.supervision(r.events()));
        Summary summary = new Summary(profile, verdict, reasons, results, traffic, health, canary,
                RunFigures.amplification(latency, r.samples()), generator, r.cells());
        return new RunJudgement(summary, r, LeakCalls.lines(r.samples(), leaks));
    }

    /**
     * The leak detector's looks for a run in {@code status}: a run that has ended (however it
     * ended) is judged to its last reading, with the look at its end that the scheduled looks
     * miss; a run still going ({@code report} on it while its harness runs) only by the scheduled
     * looks, as the live judge does, since its series will grow and be judged again.
     */
    private static LeakDetector.Look looks(RunStatus status) {
        return status.state() == RunStatus.State.RUNNING ? LeakDetector.Look.SCHEDULED_ONLY : LeakDetector.Look.FINAL_AT_END;
    }

    /**
     * Checks every gate of a completed run that recorded requests; what else the verdict rests on
     * (requests that never finished, a generator that fell behind) comes first among the reasons.
     */
    private static Verdict checkGates(Gates gates, Measurements measured, List<String> reasons, List<GateResult> results) {
        RequestAccounting accounting = measured.accounting();
        if (accounting != null && accounting.reconciled() && accounting.unfinishedOrZero() > 0) {
            reasons.add(String.format(Locale.ROOT, "%d of %d started requests never finished (still open when the load generator stopped): "
                    + "counted as errors", accounting.unfinished(), accounting.started()));
        }
        if (measured.saturated()) {
            GeneratorCheck.Result g = measured.generator();
            reasons.add(String.format(Locale.ROOT, "the load generator fell behind its schedule in %d of %d seconds (up to %.1f%% behind): "
                    + "latency measured then is not the target's", g.behindSeconds(), g.seconds(), g.maxBehindPercent()));
        }
        gates.checks().forEach(gate -> results.addAll(gate.judge(measured)));
        results.forEach(result -> reasons.add(result.message()));
        return Verdict.of(results);
    }

    private static Verdict reason(List<String> reasons, Verdict verdict, String reason) {
        reasons.add(reason);
        return verdict;
    }
}
