package io.soakrig.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.arrivals.ArrivalsCsv;
import io.soakrig.contract.latency.LatencyTag.Kind;
import io.soakrig.contract.requests.StartedRequestsFile;
import io.soakrig.profile.ArrivalPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three recordings every simulation leaves, written through one class: tags by arm, opened lazily, closed once. */
class RecordingsTest {
    @TempDir
    Path run;

    private RunLayout layout() {
        return RunLayout.of(run);
    }

    @Test
    void armsRequestsAndAttemptsLandUnderTheLatencyLogsTagsAndTheStartedCounts() throws Exception {
        Recordings recordings = new Recordings(run, () -> List.of(plan("baseline/all"), plan("canary/all")), Duration.ofSeconds(1), Optional.empty());

        recordings.arrived("baseline/all");
        recordings.started("baseline", "login");
        recordings.record("baseline", "login", Kind.ATTEMPT, 1_000_000);
        recordings.record("baseline", "login", Kind.ATTEMPT, 2_000_000);
        recordings.record("baseline", "login", Kind.OK, 4_000_000);
        recordings.arrived("canary/all");
        recordings.started("canary", "login");
        recordings.record("canary", "login", Kind.ATTEMPT, 3_000_000);
        recordings.record("canary", "login", Kind.FAILED, 3_000_000);
        recordings.close();
        recordings.close();

        assertThat(countsByTag()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "baseline/login", 1L, "baseline/login.try", 2L, "canary/login.ko", 1L, "canary/login.try", 1L));
        assertThat(StartedRequestsFile.read(layout().requests())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "baseline/login", 1L, "canary/login", 1L));
        assertThat(ArrivalsCsv.read(layout().arrivals())).isPresent();
    }

    @Test
    void recordingsNeverOpenedWriteNothing() {
        Recordings recordings = new Recordings(run, () -> List.of(plan(ArrivalPlan.EVERYONE)), Duration.ofSeconds(1), Optional.empty());

        recordings.close();

        assertThat(layout().latencyLog()).doesNotExist();
        assertThat(layout().requests()).doesNotExist();
        assertThat(layout().arrivals()).doesNotExist();
    }

    private Map<String, Long> countsByTag() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(layout().latencyLog().toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            if (h.getTag() != null) {
                counts.merge(h.getTag(), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
            }
        }
        reader.close();
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    private static ArrivalPlan plan(String population) {
        return new ArrivalPlan(population, List.of(new ArrivalPlan.Segment(1, 1, Duration.ofSeconds(1))));
    }
}
