package io.soakrig.harness.run;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.CanaryJudge;
import io.soakrig.analysis.verdict.Gates;
import io.soakrig.profile.Profile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A profile's judging settings in the analysis module's terms. The analysis module knows nothing of
 * the profile model (its floor is below it), so this mapping is the one place where a profile's
 * gates, leak detection, canary and heap limits become what the judges take — used alike by the
 * live judge during a run and by the judgement after it, so a run and its re-judging agree.
 */
public final class AnalysisSettings {
    private AnalysisSettings() {
    }

    /**
     * Each stub target's heap limit in MiB, each container target's memory limit and each started
     * Redis's maxmemory: what its memory figure grows towards.
     */
    public static Map<String, Double> memoryLimitsMB(Profile profile) {
        Map<String, Double> limits = new LinkedHashMap<>();
        profile.targets().forEach((name, t) -> {
            if (t.isStub()) {
                limits.put(name, (double) t.stub().heapMb());
            } else if (t.isContainer() && t.container().memoryLimitMb() != null) {
                limits.put(name, (double) t.container().memoryLimitMb());
            } else if (t instanceof io.soakrig.profile.RedisTarget redis) {
                limits.put(name, (double) redis.redis().maxmemoryMb());
            }
        });
        return limits;
    }

    /** The profile's gates in the analysis module's terms. */
    public static Gates gates(Profile profile) {
        io.soakrig.profile.LeakDetectionSpec l = profile.leakDetection();
        LeakDetector.Config leak = new LeakDetector.Config(l.warmUp().toMillis() / 1000.0, l.window().toMillis() / 1000.0,
                l.minLeakMBPerMin(), l.falseAlarmRate(), LeakDetector.Config.DEFAULTS.minWindowsPerHalf(),
                LeakDetector.Config.DEFAULTS.maxWindows(), l.minSpan().toMillis() / 1000.0);
        io.soakrig.profile.CanarySpec c = profile.canary();
        CanaryJudge.Config canary = c == null ? null : new CanaryJudge.Config(c.baseline(), c.canary(), c.latencyTolerance(),
                c.latencyToleranceMs(), c.errorRateTolerance(), c.significance());
        Set<String> sampled = new TreeSet<>();
        profile.targets().forEach((name, t) -> {
            if (t.isStub() || t.isContainer() || t.isRedis() || (t instanceof io.soakrig.profile.UrlTarget url && url.memory() != null)) {
                sampled.add(name);
            }
        });
        return profile.gates() == null ? new Gates(null, null, false, leak, canary, sampled)
                : new Gates(profile.gates().p99LatencyMs(), profile.gates().errorRate(), Boolean.TRUE.equals(profile.gates().noLeak()),
                        leak, canary, sampled);
    }
}
