package io.soakrig.harness.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.CanaryJudge;
import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.contract.memory.MemorySample;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryObservationsTest {
    private static final long MIB = 1L << 20;
    private static final LeakDetector.Config CONFIG = LeakDetector.Config.DEFAULTS;
    /** As the live judge calls the detector, on the samples taken so far: the scheduled looks only. */
    private static final LeakDetector.Look LIVE = LeakDetector.Look.SCHEDULED_ONLY;

    /**
     * Two hours of one-second samples of five targets of every kind the samplers produce: the live
     * path (the bounded observations) makes the calls the old one (every sample) made.
     */
    @Test
    void judgesTwoHoursOfSamplesAsEverySampleWouldBeJudged() {
        Random random = new Random(17);
        List<MemorySample> all = new ArrayList<>();
        MemoryObservations observed = new MemoryObservations();
        long gcStable = 0;
        long gcNext = 0;
        long stable = 0;
        long next = 0;
        for (int s = 0; s < 7200; s++) {
            long t = s * 1000L;
            // a stub's heap after GC, changing only at collections: steady, and leaking 2 MiB/min
            if (s % 3 == 0) {
                gcStable++;
                stable = 40 * MIB + random.nextInt(200_000);
            }
            if (s % 4 == 0) {
                gcNext++;
                next = 40 * MIB + gcNext * 4 * 2 * MIB / 60 + random.nextInt(200_000);
            }
            List<MemorySample> now = List.of(
                    new MemorySample(t, "stable", "stub-admin", 60 * MIB, stable, 200 * MIB, gcStable, s, -1),
                    new MemorySample(t + 5, "next", "stub-admin", 60 * MIB, next, 200 * MIB, gcNext, s, -1),
                    // a process's RSS with noise, and a sawtooth metric rising towards a Redis's limit
                    new MemorySample(t + 10, "worker", "pid", -1, -1, 300 * MIB + random.nextInt(4_000_000), -1, -1, -1),
                    new MemorySample(t + 15, "redis", "redis", -1, -1, -1, -1, -1,
                            20 * MIB + s * 20_000L + (s % 30) * 300_000L, 512 * MIB, s),
                    // a gauge that repeats its figure between updates
                    new MemorySample(t + 20, "gauge", "prometheus", -1, -1, -1, -1, -1, 90 * MIB + (s / 10) * 1000L));
            all.addAll(now);
            now.forEach(observed::add);
        }
        Map<String, Double> limits = Map.of("worker", 1024.0);

        Map<String, Summary.Leak> everySample = LeakCalls.of(all, limits, CONFIG, LIVE);
        Map<String, Summary.Leak> bounded = LeakCalls.of(observed.judged(), limits, CONFIG, LIVE);

        assertThat(bounded).isEqualTo(everySample);
        assertThat(everySample.get("next").decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(everySample.get("stable").decision()).isEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(everySample.get("redis").projectedLimitAtSeconds()).isNotNull();
        CanaryJudge.Config canary = new CanaryJudge.Config("stable", "next", 0.2, 1, 0.01, 0.01);
        assertThat(LeakCalls.excessGrowth(observed.judged(), canary, CONFIG, LIVE))
                .isEqualTo(LeakCalls.excessGrowth(all, canary, CONFIG, LIVE)).isNotNull();
        assertThat(observed.retained("stable")).isLessThan(2500);
        assertThat(observed.retained("gauge")).isEqualTo(720);
    }

    @Test
    void aMillionSamplesOfOneTargetStayUnderTheCapAndStillShowItsLeak() {
        MemoryObservations observed = new MemoryObservations();
        Random random = new Random(3);
        int most = 0;
        for (int s = 0; s < 1_000_000; s++) {
            // RSS growing 1.5 MiB/min under 3 MiB of noise: every reading is an observation
            long rss = 200 * MIB + (long) (s * 1.5 * MIB / 60) + random.nextInt(3_000_000);
            observed.add(new MemorySample(s * 1000L, "backend", "pid", -1, -1, rss, -1, -1, -1));
            most = Math.max(most, observed.retained("backend"));
        }

        assertThat(most).isLessThanOrEqualTo(MemoryObservations.DEFAULT_CAP);
        List<MemorySample> judged = observed.judged();
        assertThat(judged).hasSizeLessThanOrEqualTo(MemoryObservations.DEFAULT_CAP + 1);
        assertThat(judged.get(0).epochMillis()).isZero();
        assertThat(judged.get(judged.size() - 1).epochMillis()).isEqualTo(999_999_000L);
        assertThat(LeakCalls.of(judged, Map.of(), CONFIG, LIVE).get("backend").decision()).isEqualTo(LeakDetector.Decision.LEAK);
    }

    /**
     * A soak's hours of samples add nothing to the harness's live heap once a target has its first:
     * its arrays hold the whole bound from the start (grown by doubling, they allocated about 800 KiB
     * on the way to the cap, and the live heap crept up for hours).
     */
    @Test
    void aTargetsMemoryIsAllocatedWithItsFirstSampleNotGrownAfter() {
        MemoryObservations observed = new MemoryObservations();
        List<MemorySample> samples = new ArrayList<>();
        for (int s = 0; s < MemoryObservations.DEFAULT_CAP; s++) {
            samples.add(new MemorySample(s * 1000L, "backend", "pid", -1, -1, 200 * MIB + s, -1, -1, -1));
        }
        observed.add(samples.get(0));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        samples.subList(1, samples.size()).forEach(observed::add);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(observed.retained("backend")).isEqualTo(MemoryObservations.DEFAULT_CAP);
        assertThat(allocated).as("bytes allocated by %d more samples", samples.size() - 1).isLessThan(64 * 1024);
    }

    @Test
    void halvingKeepsTheFirstObservationAndEachPairsLowerReading() {
        MemoryObservations observed = new MemoryObservations(4);
        long[] rss = {50, 9, 7, 3, 8};
        for (int i = 0; i < rss.length; i++) {
            observed.add(new MemorySample(i, "t", "pid", -1, -1, rss[i], -1, -1, -1));
        }

        assertThat(observed.judged()).extracting(MemorySample::rssBytes).containsExactly(50L, 7L, 3L, 8L);
    }
}
