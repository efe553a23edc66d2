package io.soakrig.simulations.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.arrivals.ArrivalsCsv;
import io.soakrig.profile.ArrivalPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrivalLogTest {
    private static final List<ArrivalPlan> PLAN = List.of(new ArrivalPlan("all", List.of(new ArrivalPlan.Segment(10, 10, Duration.ofSeconds(10)))));

    @TempDir
    Path tmp;

    @Test
    void aWorkerThatStartsLateLogsTheSecondsItMissedAsItsShortfall() throws Exception {
        AtomicLong nanos = new AtomicLong(100_000_000_000L);
        Path file = tmp.resolve("arrivals.csv");
        ArrivalLog log = new ArrivalLog(file, PLAN, Duration.ZERO, nanos::get);
        log.holdTo(nanos.get() - Duration.ofMillis(3_400).toNanos(), Duration.ofSeconds(2));

        for (int i = 0; i < 10; i++) {
            log.started("all");
        }
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        log.close();

        List<ArrivalsCsv.Row> rows = ArrivalsCsv.read(file).orElseThrow();
        assertThat(rows).as("the shared start was 3.4 s before this generator's first arrival: 3 whole seconds missed").containsExactly(
                new ArrivalsCsv.Row(0, "all", 10.0, 0), new ArrivalsCsv.Row(1, "all", 10.0, 0), new ArrivalsCsv.Row(2, "all", 10.0, 0),
                new ArrivalsCsv.Row(3, "all", 10.0, 10));
    }

    @Test
    void aWorkerWithinItsGraceCountsFromItsFirstArrival() throws Exception {
        AtomicLong nanos = new AtomicLong(100_000_000_000L);
        Path file = tmp.resolve("arrivals.csv");
        ArrivalLog log = new ArrivalLog(file, PLAN, Duration.ZERO, nanos::get);
        log.holdTo(nanos.get() - Duration.ofMillis(1_500).toNanos(), Duration.ofSeconds(2));

        for (int i = 0; i < 10; i++) {
            log.started("all");
        }
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        log.close();

        assertThat(ArrivalsCsv.read(file).orElseThrow()).as("its generator's start-up is not a shortfall")
                .containsExactly(new ArrivalsCsv.Row(0, "all", 10.0, 10));
    }

    @Test
    void theSingleGeneratorCountsFromItsFirstArrival() throws Exception {
        AtomicLong nanos = new AtomicLong(100_000_000_000L);
        Path file = tmp.resolve("arrivals.csv");
        ArrivalLog log = new ArrivalLog(file, PLAN, Duration.ZERO, nanos::get);
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());

        for (int i = 0; i < 10; i++) {
            log.started("all");
        }
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        log.close();

        assertThat(ArrivalsCsv.read(file).orElseThrow()).containsExactly(new ArrivalsCsv.Row(0, "all", 10.0, 10));
    }
}
