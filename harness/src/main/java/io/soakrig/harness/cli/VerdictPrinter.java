package io.soakrig.harness.cli;

import io.soakrig.analysis.experiment.ExperimentTable;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The few lines a person reads at the end of a run: verdict, why, headline figures, where to look. */
final class VerdictPrinter {
    private VerdictPrinter() {
    }

    static void print(PrintWriter out, Summary s, Path runDir) {
        String p99 = s.latencyMs().p99() == null ? "n/a" : String.format(Locale.ROOT, "%.2f ms", s.latencyMs().p99());
        if (s.experiment().isEmpty()) {
            out.printf(Locale.ROOT, "%s  %s: %d requests, %d errors, p99 %s over %.0f s%n",
                    s.verdict(), s.profile(), s.requests(), s.errors(), p99, s.durationSeconds());
        } else {
            out.printf(Locale.ROOT, "%s  %s: %d experiment cells, %d logical requests%n", s.verdict(), s.profile(),
                    s.experiment().size(), s.experiment().stream().mapToLong(c -> c.logicalRequests()).sum());
        }
        s.reasons().forEach(r -> out.println("  - " + r));
        s.memory().forEach((target, m) -> out.printf(Locale.ROOT, "  memory %s: %s MB/min (%s) over %d samples%n",
                target, m.slopeMBPerMin() == null ? "n/a" : String.format(Locale.ROOT, "%+.2f", m.slopeMBPerMin()),
                m.metric() != null ? m.metric() : m.signal().name().toLowerCase(Locale.ROOT).replace('_', '-'), m.samples()));
        s.leak().forEach((target, l) -> {
            if (l.decision() != LeakDetector.Decision.UNDECIDED) {
                out.printf(Locale.ROOT, "  leak %s: %s at %+.2f MB/min, decided %.0f s in%s%n", target, l.decision(),
                        l.slopeMBPerMin(), l.decidedAtSeconds(),
                        l.projectedLimitAtSeconds() == null || l.decision() != LeakDetector.Decision.LEAK ? ""
                                : String.format(Locale.ROOT, ", heap limit reached at about %.0f s", l.projectedLimitAtSeconds()));
            }
        });
        s.supervision().forEach((target, v) -> {
            if (v.restarts() + v.oomKills() + v.exits() > 0) {
                out.printf(Locale.ROOT, "  supervision %s: %d OOM kill(s), %d other exit(s), %d restart(s) (limit enforced by %s)%n",
                        target, v.oomKills(), v.exits(), v.restarts(), v.limitEnforcedBy());
            }
        });
        if (!s.experiment().isEmpty()) {
            out.println(ExperimentTable.of(s.experiment()).asText());
        }
        out.println("run directory: " + runDir);
        out.flush();
    }
}
