package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrivalPlanTest {
    @TempDir
    Path dir;

    private Profile load(String yaml) throws Exception {
        return new ProfileLoader().load(Files.writeString(dir.resolve("p.yaml"), yaml));
    }

    private static final String DAY = """
            name: day
            timeCompression: 1440
            targets:
              api: { stub: { role: backend } }
            traffic:
              target: api
              endpoints: [ { name: items, path: /items } ]
              arrivals:
                - diurnal: { trough: 20, peak: 200, period: 24h, peakAt: 20h, duration: 24h }
              regions:
                - { name: eu, share: 0.5, utcOffset: 1h }
                - { name: apac, share: 0.3, utcOffset: 9h }
                - { name: us, share: 0.2, utcOffset: -5h }
            """;

    @Test
    void eachRegionFollowsTheCurveInItsOwnTimeZone() throws Exception {
        Profile p = load(DAY);
        List<ArrivalPlan> plans = p.arrivalPlans();

        assertThat(plans).extracting(ArrivalPlan::population).containsExactly("eu", "apac", "us");
        assertThat(plans.get(0).duration()).as("24 h at 1440x").isEqualTo(Duration.ofMinutes(1));
        Diurnal curve = (Diurnal) p.traffic().arrivals().get(0);
        for (ArrivalPlan plan : plans) {
            RegionSpec region = p.traffic().regions().stream().filter(r -> r.name().equals(plan.population())).findFirst().orElseThrow();
            for (int hour = 0; hour < 24; hour++) {
                double declared = 0;
                for (int minute = 0; minute < 60; minute++) {
                    declared += region.share() * curve.rateAt(Duration.ofMinutes(hour * 60L + minute).plusSeconds(30), region.utcOffset())
                            * 60 / 1440.0;
                }
                double planned = plan.intendedBetween(Duration.ofMillis(hour * 2500L), Duration.ofMillis((hour + 1) * 2500L));
                assertThat(planned).as("%s hour %d", plan.population(), hour).isCloseTo(declared, offset(declared * 0.005));
            }
        }
    }

    @Test
    void regionsPeakAtTheirOwnEvenings() throws Exception {
        List<ArrivalPlan> plans = load(DAY).arrivalPlans();

        assertThat(busiestHourUtc(plans.get(0))).as("eu peaks at 20h local = 19h UTC").isEqualTo(19);
        assertThat(busiestHourUtc(plans.get(1))).as("apac at 11h UTC").isEqualTo(11);
        assertThat(busiestHourUtc(plans.get(2))).as("us at 1h UTC").isEqualTo(1);
    }

    @Test
    void chordsAreWholeSecondsOfWallTime() throws Exception {
        ArrivalPlan eu = load(DAY).arrivalPlans().get(0);

        assertThat(eu.segments()).hasSize(60).allMatch(s -> s.duration().equals(Duration.ofSeconds(1)));
    }

    @Test
    void constantAndRampStepsAreOneSegmentEachSharedByRegion() throws Exception {
        Profile p = load(DAY.replace("- diurnal: { trough: 20, peak: 200, period: 24h, peakAt: 20h, duration: 24h }",
                "- ramp: { from: 0, to: 100, duration: 2h }\n    - constant: { rate: 100, duration: 2h }"));

        ArrivalPlan eu = p.arrivalPlans().get(0);
        assertThat(eu.segments()).containsExactly(
                new ArrivalPlan.Segment(0, 50, Duration.ofSeconds(5)),
                new ArrivalPlan.Segment(50, 50, Duration.ofSeconds(5)));
        assertThat(eu.intendedBetween(Duration.ZERO, Duration.ofSeconds(10))).isCloseTo(125 + 250, offset(1e-9));
    }

    /** The UTC hour around which (half an hour either side) the most arrivals are planned. */
    private static int busiestHourUtc(ArrivalPlan plan) {
        int best = -1;
        double most = -1;
        for (int hour = 1; hour < 24; hour++) {
            double n = plan.intendedBetween(Duration.ofMillis(hour * 2500L - 1250), Duration.ofMillis(hour * 2500L + 1250));
            if (n > most) {
                most = n;
                best = hour;
            }
        }
        return best;
    }
}
