package io.soakrig.analysis.verdict;

import io.soakrig.contract.InstanceLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code noLeak} gate: one result per sampled target, and it fails closed. A target passes
 * only when the leak detector decided NO_LEAK on memory sampled up to the end of the run; a LEAK
 * fails; an undecided call, a target whose memory was never sampled, or one whose sampling stopped
 * well before the run ended is NOT_JUDGED, which makes the run INCONCLUSIVE — a CI gate must not
 * read "could not tell" as "fine".
 */
record NoLeakGate(Set<String> expected) implements Gate {
    /** A silence at the end of a target's memory series longer than this, seconds, leaves its NO_LEAK unsupported... */
    static final double MAX_SILENCE_SECONDS = 30;
    /** ... or longer than this many of its cycles, for slow sawtooths. */
    static final double MAX_SILENCE_CYCLES = 3;

    /** @param expected targets whose memory the run was to sample (labels without instance) */
    NoLeakGate {
        expected = Set.copyOf(expected);
    }

    @Override
    public List<GateResult> judge(Measurements measured) {
        List<GateResult> results = new ArrayList<>();
        Set<String> missing = new TreeSet<>(expected);
        measured.leaks().keySet().forEach(label -> missing.remove(InstanceLabel.targetOf(label)));
        for (String target : missing) {
            results.add(notJudged(target, "memory of " + target + " was never sampled: no leak call is possible"));
        }
        long newest = measured.lastSamples().values().stream().mapToLong(Long::longValue).max().orElse(0);
        measured.leaks().forEach((target, l) -> results.add(result(target, l, measured.lastSamples().get(target), measured.runEndMillis(), newest)));
        if (results.isEmpty()) {
            results.add(new GateResult("no leak", GateResult.Outcome.NOT_JUDGED,
                    "no leak: no target's memory was sampled, so nothing was checked"));
        }
        return results;
    }

    /**
     * @param newestMillis the latest sample of any target. Samples are stamped on the samplers'
     *                     monotonic clock and the run's end on the wall clock, so a wall clock
     *                     stepped back shortens the silence measured against the end; against the
     *                     other targets' last samples (every target is sampled once more as the
     *                     traffic ends) it does not, and the longer of the two counts
     */
    private static GateResult result(String target, Summary.Leak l, Long last, long runEndMillis, long newestMillis) {
        String gate = "no leak in " + target;
        String growth = l.slopeMBPerMin() == null ? "no trend yet"
                : String.format(Locale.ROOT, "%+.2f MB/min, interval %s..%s", l.slopeMBPerMin(), bound(l.lowerMBPerMin()), bound(l.upperMBPerMin()));
        String floor = l.floor() == null ? "" : String.format(Locale.ROOT, ", %s over %.0f s", l.floor(), l.cycleSeconds());
        switch (l.decision()) {
            case LEAK:
                return new GateResult(gate, GateResult.Outcome.FAILED, String.format(Locale.ROOT,
                        "memory leak in %s: %+.2f MB/min (at least %+.2f), called %.0f s in%s",
                        target, l.slopeMBPerMin(), l.lowerMBPerMin(), l.decidedAtSeconds(),
                        l.projectedLimitAtSeconds() == null ? ""
                                : String.format(Locale.ROOT, "; heap limit at about %.0f s", l.projectedLimitAtSeconds())));
            case NO_LEAK:
                double silence = last == null ? 0 : Math.max(runEndMillis <= 0 ? 0 : runEndMillis - last, newestMillis - last) / 1000.0;
                double allowed = Math.max(MAX_SILENCE_SECONDS, MAX_SILENCE_CYCLES * (l.cycleSeconds() == null ? 0 : l.cycleSeconds()));
                if (silence > allowed) {
                    return notJudged(target, String.format(Locale.ROOT,
                            "leak in %s not judged: its memory was not sampled for the last %.0f s of the run (at most %.0f s allowed)",
                            target, silence, allowed));
                }
                return new GateResult(gate, GateResult.Outcome.PASSED, String.format(Locale.ROOT,
                        "no memory leak in %s: %s%s, decided %.0f s in", target, growth, floor, l.decidedAtSeconds()));
            default:
                String more = l.moreSecondsNeeded() != null
                        ? String.format(Locale.ROOT, "about %.0f s more at this noise would have decided it", l.moreSecondsNeeded())
                        : l.slopeMBPerMin() == null || l.lowerMBPerMin() == null || l.upperMBPerMin() == null
                        ? "too few observations yet to bound its growth (a longer run would have)"
                        : "the growth sits at the leak threshold, which no length of run separates from it";
                return notJudged(target, String.format(Locale.ROOT, "leak in %s not decided: %s%s; %s",
                        target, growth, floor, more));
        }
    }

    private static GateResult notJudged(String target, String message) {
        return new GateResult("no leak in " + target, GateResult.Outcome.NOT_JUDGED, message);
    }

    private static String bound(Double v) {
        return v == null ? "unbounded" : String.format(Locale.ROOT, "%+.2f", v);
    }
}
