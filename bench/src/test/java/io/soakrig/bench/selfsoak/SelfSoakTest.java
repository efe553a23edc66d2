package io.soakrig.bench.selfsoak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelfSoakTest {
    private static final long T0 = 1_796_000_000_000L;
    private static final long MIB = 1024 * 1024;

    /**
     * One full collection a minute for {@code minutes}: a live set flat at 25 MiB, and an RSS that
     * rises 20 MiB over the first 30 minutes (code cache, first touches) and then holds, with
     * a few hundred KiB of noise.
     */
    private static List<SampledJvm.LiveReading> settlingRss(int minutes) {
        Random random = new Random(7);
        List<SampledJvm.LiveReading> readings = new ArrayList<>();
        for (int m = 1; m <= minutes; m++) {
            double rise = Math.min(m, 30) / 30.0 * 20;
            long rss = (long) ((200 + rise) * MIB + random.nextInt(300_000));
            readings.add(new SampledJvm.LiveReading(new GcLogTail.LiveSet(T0 + m * 60_000L, 25 * MIB + random.nextInt(50_000), m), rss));
        }
        return readings;
    }

    @Test
    void theRssIsReadWithItsAnonymousAndFileBackedPartsFromProcStatus() {
        List<String> status = List.of("Name:\tjava", "VmRSS:\t  392260 kB", "RssAnon:\t  371000 kB", "RssFile:\t   21260 kB", "RssShmem:\t0 kB");

        assertThat(SampledJvm.statusBytes(status, "VmRSS:")).isEqualTo(392_260L * 1024);
        assertThat(SampledJvm.statusBytes(status, "RssAnon:")).isEqualTo(371_000L * 1024);
        assertThat(SampledJvm.statusBytes(status, "RssFile:")).isEqualTo(21_260L * 1024);
        assertThat(SampledJvm.statusBytes(List.of(), "VmRSS:")).as("a JVM gone").isEqualTo(-1);
    }

    @Test
    void anRssThatSettlesMeetsTheGoalAfterItsSettlingAndTheWholeRunIsReportedBesideIt() {
        List<SampledJvm.LiveReading> readings = settlingRss(92);
        List<String> lines = new ArrayList<>();

        boolean wholeRun = SelfSoak.judgePoints(SelfSoak.Scope.WHOLE_RUN, "harness", SelfSoak.Signal.RSS_AFTER_FULL_GC, SelfSoak.WARM_UP_SECONDS, T0,
                T0 + 92 * 60_000L, readings, lines);
        boolean settled = SelfSoak.judgePoints(SelfSoak.Scope.GOAL, "harness", SelfSoak.Signal.RSS_AFTER_FULL_GC, 30 * 60, T0,
                T0 + 92 * 60_000L, readings, lines);

        assertThat(wholeRun).isFalse();
        assertThat(settled).isTrue();
        assertThat(lines.get(0)).startsWith("whole run, reported only: harness rss after full GC").contains("after 120 s", "does not meet the goal");
        assertThat(lines.get(1)).startsWith("goal: harness rss after full GC").contains("after 1800 s", "meets the goal");
    }

    @Test
    void fewerThanSixtyOneMinuteCollectionsAfterSettlingDoNotMeetTheGoalHoweverFlat() {
        List<String> lines = new ArrayList<>();

        boolean met = SelfSoak.judgePoints(SelfSoak.Scope.GOAL, "gatling", SelfSoak.Signal.LIVE_SET, 30 * 60, T0, T0 + 88 * 60_000L,
                settlingRss(88), lines);
        boolean metWithSixty = SelfSoak.judgePoints(SelfSoak.Scope.GOAL, "gatling", SelfSoak.Signal.LIVE_SET, 30 * 60, T0, T0 + 89 * 60_000L,
                settlingRss(89), lines);

        assertThat(met).isFalse();
        assertThat(lines.get(0)).contains("over 59 full GCs", "fewer than the goal's 60 full collections");
        assertThat(metWithSixty).as(lines.get(1)).isTrue();
    }

    @Test
    void pointsAfterTheTrafficEndedAreNotJudged() {
        List<SampledJvm.LiveReading> readings = new ArrayList<>(settlingRss(92));
        for (int m = 93; m <= 110; m++) {
            long grown = (25 + 5L * (m - 92)) * MIB;
            readings.add(new SampledJvm.LiveReading(new GcLogTail.LiveSet(T0 + m * 60_000L, grown, m), grown + 200 * MIB));
        }
        List<String> lines = new ArrayList<>();

        assertThat(SelfSoak.judgePoints(SelfSoak.Scope.GOAL, "harness", SelfSoak.Signal.LIVE_SET, 30 * 60, T0, T0 + 92 * 60_000L + 1,
                readings, lines)).as(lines.get(0)).isTrue();
        assertThat(lines.get(0)).contains("over 63 full GCs");
    }
}
