package io.soakrig.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.latency.LatencyRecording;
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

    private static Histogram requests(int n) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(5_000_000, n);
        return h;
    }
}
