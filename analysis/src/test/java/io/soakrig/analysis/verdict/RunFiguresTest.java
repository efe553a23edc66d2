package io.soakrig.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunFiguresTest {
    @Test
    void aCanaryArmsEndpointCountsItsOwnFailures() {
        LatencyRecording latency = new LatencyRecording(Map.of(
                "baseline/home", requests(90), "baseline/home.ko", requests(10), "baseline/home.try", requests(120),
                "canary/home", requests(100)), 0, 1000, false);

        Map<String, Summary.EndpointFigures> figures = RunFigures.endpoints(latency, null);

        assertThat(figures.get("baseline/home").requests()).isEqualTo(100);
        assertThat(figures.get("baseline/home").errors()).isEqualTo(10);
        assertThat(figures.get("canary/home").errors()).isZero();
    }

    @Test
    void onlyAStartAfterItsOwnExitIsARestart() {
        List<RunEvent> events = List.of(
                started(0), started(1), new RunEvent(3, "api", 1, new EventDetail.OomKilled(11L, 137, 500L, "cgroup-v1", 9L, 8L)),
                started(1), started(0), started(1),
                new RunEvent(5, "api", 0, new EventDetail.Exited(10L, 1, 900L, null, null, null)), started(0));

        Summary.Supervision supervision = RunFigures.supervision(events).get("api");

        assertThat(supervision.starts()).isEqualTo(6);
        assertThat(supervision.restarts()).as("the second cell's fresh starts are not restarts").isEqualTo(2);
        assertThat(supervision.oomKills()).isEqualTo(1);
        assertThat(supervision.exits()).isEqualTo(1);
    }

    private static RunEvent started(int instance) {
        return new RunEvent(1, "api", instance, new EventDetail.Started(10L + instance, 8080, 8L, "cgroup-v1"));
    }

    private static Histogram requests(int n) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(5_000_000, n);
        return h;
    }
}
