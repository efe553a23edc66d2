package io.soakrig.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.memory.MemorySample;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LiveMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String scrape(MetricsServer server) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + MetricsServer.PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A latency log interval of {@code tag} holding {@code millis}. */
    static Histogram latencies(String tag, long... millis) {
        Histogram h = new Histogram(3);
        for (long ms : millis) {
            h.recordValue(ms * 1_000_000);
        }
        h.setTag(tag);
        return h;
    }

    @Test
    void servesTheWatchsLatestLookAsPrometheusTextOnLoopback() throws Exception {
        LiveMetrics metrics = new LiveMetrics();
        try (MetricsServer server = MetricsServer.start(0, metrics.registry())) {
            String before = scrape(server);
            assertThat(before).contains("soakrig_run_state{soakrig_run_state=\"STARTING\"} 1")
                    .contains("soakrig_run_verdict{soakrig_run_verdict=\"UNDECIDED\"} 1")
                    .doesNotContain("soakrig_arrivals_intended_total");

            LatencyRecording recording = new LatencyRecording(Map.of(
                    "home", latencies("home", 2, 3, 40, 700),
                    "home.ko", latencies("home.ko", 12_000),
                    "home.try", latencies("home.try", 2, 3, 40, 700, 5_000, 7_000)), 0, 1000, false);
            MemorySample sample = new MemorySample(1, "backend", "stub-admin", 50L << 20, 30L << 20, 200L << 20, 4, 10, -1);
            Summary.Leak leak = new Summary.Leak(LeakDetector.Decision.NO_LEAK, 0.1, -0.2, 0.4, 60.0, null);
            List<RunEvent> events = List.of(
                    new RunEvent(1, "backend", 0, new EventDetail.OomKilled(4242L, 137, 1000L, "cgroup", null, null)),
                    new RunEvent(2, "backend", 0, new EventDetail.RestartScheduled(1000L, 1)));
            metrics.state(LiveMetrics.RunState.RUNNING);
            metrics.observe(new LiveMetrics.Observation(new GeneratorCheck.Result(10, 0, 0, 120.5, 118, 12, 12), recording,
                    Map.of("backend", sample), Map.of("backend", leak), events, false));
            String during = scrape(server);

            assertThat(during).contains("soakrig_run_state{soakrig_run_state=\"RUNNING\"} 1")
                    .contains("soakrig_arrivals_intended_total 120.5")
                    .contains("soakrig_arrivals_started_total 118.0")
                    .contains("soakrig_requests_total{arm=\"\",endpoint=\"home\",outcome=\"ok\"} 4.0")
                    .contains("soakrig_requests_total{arm=\"\",endpoint=\"home\",outcome=\"failed\"} 1.0")
                    .contains("soakrig_attempts_total{arm=\"\",endpoint=\"home\"} 6.0")
                    // classic buckets, cumulative: 2 ms and 3 ms at or below 5 ms, 40 ms below 50 ms, 700 ms below 1 s
                    .contains("soakrig_request_latency_seconds_bucket{arm=\"\",endpoint=\"home\",outcome=\"ok\",le=\"0.0025\"} 1")
                    .contains("soakrig_request_latency_seconds_bucket{arm=\"\",endpoint=\"home\",outcome=\"ok\",le=\"0.005\"} 2")
                    .contains("soakrig_request_latency_seconds_bucket{arm=\"\",endpoint=\"home\",outcome=\"ok\",le=\"0.05\"} 3")
                    .contains("soakrig_request_latency_seconds_bucket{arm=\"\",endpoint=\"home\",outcome=\"ok\",le=\"1.0\"} 4")
                    .contains("soakrig_request_latency_seconds_count{arm=\"\",endpoint=\"home\",outcome=\"ok\"} 4")
                    .contains("soakrig_request_latency_seconds_bucket{arm=\"\",endpoint=\"home\",outcome=\"failed\",le=\"10.0\"} 0")
                    .contains("soakrig_request_latency_seconds_bucket{arm=\"\",endpoint=\"home\",outcome=\"failed\",le=\"+Inf\"} 1")
                    .contains("soakrig_target_memory_bytes{signal=\"heap_after_gc\",target=\"backend\"} " + (double) (30L << 20))
                    .contains("soakrig_target_memory_growth_mb_per_minute{target=\"backend\"} 0.1")
                    .contains("soakrig_target_memory_growth_upper_mb_per_minute{target=\"backend\"} 0.4")
                    .contains("soakrig_target_leak{target=\"backend\",soakrig_target_leak=\"NO_LEAK\"} 1")
                    .contains("soakrig_target_leak{target=\"backend\",soakrig_target_leak=\"LEAK\"} 0")
                    .contains("soakrig_target_restarts_total{target=\"backend\"} 1.0")
                    .contains("soakrig_target_oom_kills_total{target=\"backend\"} 1.0")
                    .doesNotContain("quantile");

            metrics.observe(new LiveMetrics.Observation(null, recording, Map.of(), Map.of(), List.of(), true));
            assertThat(scrape(server)).contains("soakrig_run_verdict{soakrig_run_verdict=\"FAIL\"} 1");
            Summary.Leak undecided = new Summary.Leak(LeakDetector.Decision.UNDECIDED, 0.9, -0.2, 2.0, null, null);
            metrics.judged(LiveMetrics.VerdictSoFar.FAIL, Map.of("backend", undecided));
            assertThat(scrape(server)).contains("soakrig_run_state{soakrig_run_state=\"ENDED\"} 1")
                    .as("the run's final call, with its look at the end, replaces the live one")
                    .contains("soakrig_target_leak{target=\"backend\",soakrig_target_leak=\"UNDECIDED\"} 1")
                    .contains("soakrig_target_leak{target=\"backend\",soakrig_target_leak=\"NO_LEAK\"} 0");
        }
    }

    @Test
    void restartsAndKillsAddUpOverObservationsEachCarryingOnlyItsNewEvents() throws Exception {
        LiveMetrics metrics = new LiveMetrics();
        RunEvent restart = new RunEvent(2, "backend", 0, new EventDetail.RestartScheduled(1000L, 1));
        RunEvent kill = new RunEvent(1, "backend", 0, new EventDetail.OomKilled(4242L, 137, 1000L, "cgroup", null, null));
        try (MetricsServer server = MetricsServer.start(0, metrics.registry())) {
            metrics.observe(new LiveMetrics.Observation(null, null, Map.of(), Map.of(), List.of(kill, restart), false));
            metrics.observe(new LiveMetrics.Observation(null, null, Map.of(), Map.of(), List.of(), false));
            metrics.observe(new LiveMetrics.Observation(null, null, Map.of(), Map.of(), List.of(restart), false));

            assertThat(scrape(server)).contains("soakrig_target_restarts_total{target=\"backend\"} 2.0")
                    .contains("soakrig_target_oom_kills_total{target=\"backend\"} 1.0");
        }
    }

    @Test
    void aPortInUseIsRefused() throws Exception {
        try (MetricsServer first = MetricsServer.start(0, new LiveMetrics().registry())) {
            assertThatThrownBy(() -> MetricsServer.start(first.port(), new LiveMetrics().registry())).isInstanceOf(BindException.class);
        }
    }

    @Test
    void theRegistryNamesTheSeriesServed() throws IOException {
        try (MetricsServer server = MetricsServer.start(0, new LiveMetrics().registry())) {
            assertThat(server.registry().scrape().stream().map(s -> s.getMetadata().getPrometheusName()))
                    .contains("soakrig_run_state", "soakrig_requests", "soakrig_request_latency_seconds");
        }
    }
}
