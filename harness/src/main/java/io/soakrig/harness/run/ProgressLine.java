package io.soakrig.harness.run;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.profile.Profile;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The run's status in one line, as {@link ProgressDisplay} shows it every few seconds: elapsed
 * and planned time (and profile time when compressed), arrivals started against intended in the
 * last second, the last interval's p99, each target's memory with its growth and the leak call,
 * GENERATOR BEHIND when the load generator is saturated, and the canary's interim verdict.
 */
final class ProgressLine {
    private final Profile profile;

    ProgressLine(Profile profile) {
        this.profile = profile;
    }

    /**
     * @param latest    each target's latest memory sample
     * @param call      the live judge's latest call
     * @param generator the load generator's arrival check, or null before its first arrival
     * @param lastP99Ms the last latency interval's p99, or null before the first
     */
    String format(Duration elapsed, Duration planned, Map<String, MemorySample> latest, LiveJudge.Call call,
                  GeneratorCheck.Result generator, Double lastP99Ms) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[soakrig] %s %ds / %ds planned",
                profile.name(), elapsed.toSeconds(), planned.toSeconds()));
        if (profile.timeCompression() != 1.0 && profile.experiment() == null) {
            line.append(String.format(Locale.ROOT, " (profile time %s / %s)",
                    human(Duration.ofSeconds(Math.round(elapsed.toSeconds() * profile.timeCompression()))),
                    human(profile.plannedProfileDuration())));
        }
        if (generator != null && generator.lastSecondIntended() > 0) {
            line.append(String.format(Locale.ROOT, " | arrivals %.0f/s of %.0f/s", generator.lastSecondStarted(), generator.lastSecondIntended()));
        }
        if (lastP99Ms != null) {
            line.append(String.format(Locale.ROOT, " | p99 %.1f ms", lastP99Ms));
        }
        latest.forEach((target, s) -> {
            line.append(String.format(Locale.ROOT, " | %s %.1f MiB", target, s.gcAwareBytes() / (1024.0 * 1024.0)));
            Summary.Leak leak = call.leaks().get(target);
            if (leak != null && leak.slopeMBPerMin() != null) {
                line.append(String.format(Locale.ROOT, " %+.1f MB/min", leak.slopeMBPerMin()));
            }
            if (leak != null && leak.decision() != LeakDetector.Decision.UNDECIDED) {
                line.append(' ').append(leak.decision());
            }
        });
        if (generator != null && generator.saturated()) {
            line.append(String.format(Locale.ROOT, " | GENERATOR BEHIND its schedule in %d s (up to %.1f%%): latency not trusted",
                    generator.behindSeconds(), generator.maxBehindPercent()));
        }
        Summary.CanaryReport canary = call.canary();
        if (canary != null) {
            line.append(" | canary ").append(canary.verdict() == Verdict.PASS ? "passing so far" : canary.verdict());
        }
        return line.toString();
    }

    /** A duration as {@code 1h30m}, not {@code PT1H30M}. */
    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
