package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.harness.TestProfiles;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live judge's call: a certain, gated leak stops the run early, and the call says why; nothing else does. */
class LiveJudgeTest {
    private static final String PROFILE = """
            name: live
            targets:
              api:
                stub:
                  role: backend
                  heapMb: 128
              store:
                stub:
                  role: backend
            """ + TestProfiles.traffic("api", 10, "600s");

    @TempDir
    Path tmp;

    @Test
    void aGatedLeakCalledLiveStopsTheRunSayingWhereAndHowMuchWasLeftUnplayed() throws Exception {
        LiveJudge.Call call = new LiveJudge(profile(PROFILE + "gates: { noLeak: true }\n"))
                .judge(growingApi(), null, Duration.ofSeconds(450));

        assertThat(call.leaks().get("api").decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(call.canary()).isNull();
        assertThat(call.earlyStop()).hasValue("stopped early: memory leak called in api at 450 s,"
                + " 150 s before the planned end (25% of the schedule unplayed)");
    }

    @Test
    void aLeakWithoutANoLeakGateIsShownButDoesNotStopTheRun() throws Exception {
        LiveJudge.Call call = new LiveJudge(profile(PROFILE)).judge(growingApi(), null, Duration.ofSeconds(450));

        assertThat(call.leaks().get("api").decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(call.leaks().get("store").decision()).isEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(call.earlyStop()).isEmpty();
    }

    /**
     * The live judge runs again as samples arrive, so it takes the scheduled looks only, never
     * the look at the end that the verdict takes (see {@link LeakDetector.Look}). api holds still
     * until 477 s, just after the scheduled look at 228 floors (one per 2 s after the 20 s
     * warm-up), then grows 30 MiB/min until 518 s, before the next: live, it is still NO_LEAK,
     * as the scheduled looks say; a look at the end would not have said so.
     */
    @Test
    void theLiveJudgeTakesOnlyTheScheduledLooksNeverTheOneAtTheEnd() throws Exception {
        Profile profile = profile(PROFILE + "gates: { noLeak: true }\n");
        List<MemorySample> samples = new ArrayList<>();
        Random noise = new Random(2);
        for (int s = 0; s <= 518; s++) {
            long bytes = (long) ((40 + 30.0 * Math.max(0, s - 477) / 60 + 0.2 * noise.nextGaussian()) * 1024 * 1024);
            samples.add(new MemorySample(s * 1000L, "api", "stub-admin", bytes, bytes, bytes, s, s, -1));
        }

        LiveJudge.Call call = new LiveJudge(profile).judge(samples, null, Duration.ofSeconds(518));

        LeakDetector.Config config = AnalysisSettings.gates(profile).leakDetection();
        Map<String, Double> limits = AnalysisSettings.memoryLimitsMB(profile);
        assertThat(call.leaks()).isEqualTo(LeakCalls.of(samples, limits, config, LeakDetector.Look.SCHEDULED_ONLY));
        assertThat(call.leaks().get("api").decision()).isEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(LeakCalls.of(samples, limits, config, LeakDetector.Look.FINAL_AT_END).get("api").decision())
                .as("the look at the end").isNotEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(call.earlyStop()).isEmpty();
    }

    /** 450 s of samples: api grows 6 MiB/min, store holds still. */
    private static List<MemorySample> growingApi() {
        List<MemorySample> samples = new ArrayList<>();
        Random noise = new Random(1);
        for (int s = 0; s <= 450; s++) {
            long bytes = (long) ((40 + 6.0 * s / 60 + 0.2 * noise.nextGaussian()) * 1024 * 1024);
            samples.add(new MemorySample(s * 1000L, "api", "stub-admin", bytes, bytes, bytes, s, s, -1));
            samples.add(new MemorySample(s * 1000L, "store", "stub-admin", 30L << 20, 30L << 20, 90L << 20, s, s, -1));
        }
        return samples;
    }

    private Profile profile(String yaml) throws Exception {
        return new ProfileLoader().load(Files.writeString(tmp.resolve("live.yaml"), yaml));
    }
}
