package io.soakrig.analysis.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorCheckTest {
    @Test
    void aGeneratorOnScheduleIsNotSaturatedEvenWithStartUpSkew() {
        List<double[]> series = new ArrayList<>();
        series.add(new double[] {100, 98});
        for (int s = 1; s < 60; s++) {
            series.add(new double[] {100, s == 1 ? 102 : 100});
        }

        GeneratorCheck.Result r = GeneratorCheck.check(Map.of("all", series));

        assertThat(r.saturated()).isFalse();
        assertThat(r.seconds()).isEqualTo(60);
        assertThat(r.started()).isEqualTo(6000);
    }

    @Test
    void aWorkerThatStartedLateShowsItsShortfall() {
        List<double[]> series = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            series.add(new double[] {10, s < 3 ? 0 : 10});
        }

        GeneratorCheck.Result r = GeneratorCheck.check(Map.of("all", series));

        assertThat(r.saturated()).isTrue();
        assertThat(r.shortfall()).as("the 3 seconds it missed, 10 arrivals each").isEqualTo(30);
        assertThat(GeneratorCheck.check(Map.of("all", List.of(new double[] {10, 12}))).shortfall()).as("never negative").isZero();
    }

    @Test
    void aStalledGeneratorIsCaughtUntilItCatchesUp() {
        List<double[]> series = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            double started = s >= 20 && s < 23 ? 0 : s == 23 ? 400 : 100;
            series.add(new double[] {100, started});
        }

        GeneratorCheck.Result r = GeneratorCheck.check(Map.of("all", series));

        assertThat(r.saturated()).isTrue();
        assertThat(r.behindSeconds()).as("seconds 20, 21, 22 end behind; the burst at 23 catches up").isEqualTo(3);
        assertThat(r.maxBehindPercent()).as("300 of 2300 intended").isEqualTo(13.0);
    }

    @Test
    void eachPopulationIsHeldToItsOwnPlan(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve(GeneratorCheck.ARRIVALS), """
                second,population,intended,started
                0,eu,50.000,50
                0,us,50.000,50
                1,eu,50.000,50
                1,us,50.000,20
                2,eu,50.000,50
                2,us,50.0""");

        GeneratorCheck.Result r = GeneratorCheck.read(run);

        assertThat(r.behindSeconds()).isEqualTo(1);
        assertThat(r.seconds()).as("the partial last line is dropped").isEqualTo(5);
        assertThat(GeneratorCheck.read(run.resolve("absent"))).isNull();
    }

    @Test
    void theLiveCheckReadsOnlyWhatWasAppendedAndAgreesWithReadingTheWholeLog(@TempDir Path run) throws Exception {
        Path arrivals = run.resolve(GeneratorCheck.ARRIVALS);
        GeneratorCheck.Live live = new GeneratorCheck.Live(run);
        assertThat(live.poll()).isNull();
        StringBuilder log = new StringBuilder("second,population,intended,started\n");
        Files.writeString(arrivals, "second,popul");
        assertThat(live.poll()).isEqualTo(GeneratorCheck.read(run));
        for (int s = 0; s < 400; s++) {
            log.append(s).append(",eu,50.000,").append(s >= 100 && s < 105 ? 0 : 50).append('\n');
            log.append(s).append(",us,").append(s % 7).append(".500,").append(s % 7).append('\n');
            String partial = s % 3 == 0 ? "401,eu,5" : "";
            Files.writeString(arrivals, log + partial);
            GeneratorCheck.Result whole = GeneratorCheck.read(run);
            assertThat(live.poll()).as("second %d", s).isEqualTo(whole);
        }
        assertThat(GeneratorCheck.read(run).behindSeconds()).isPositive();
    }
}
