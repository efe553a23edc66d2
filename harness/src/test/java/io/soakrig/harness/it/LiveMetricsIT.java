package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.soakrig.harness.metrics.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics-port} on a real run (smoke.yaml cut to 20 s): scraped every 250 ms while it goes,
 * the series are there, the counters only grow, and the last scrape, taken after the run ended,
 * has the latency histogram's count where the latency log's total is, give or take the last interval.
 * The same run pushes over OTLP to a receiver on loopback: its last push carries the same final figures.
 */
@Tag("integration")
class LiveMetricsIT {
    private static final Pattern OK_COUNT = Pattern.compile(
            "soakrig_request_latency_seconds_count\\{arm=\"\",endpoint=\"catalog\",outcome=\"ok\"} (\\d+)");
    private static final Pattern STARTED = Pattern.compile("soakrig_arrivals_started_total ([0-9.E]+)");

    @TempDir
    Path tmp;

    @Test
    void theLiveEndpointFollowsTheRunAndEndsWhereTheLatencyLogDoes() throws Exception {
        int port = HarnessProcess.freePort();
        Path run = tmp.resolve("run");
        try (OtlpReceiver collector = new OtlpReceiver()) {
            HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("smoke.yaml").toString(),
                    "--duration", "20", "--out", run.toString(), "--metrics-port", Integer.toString(port),
                    "--otlp-endpoint", collector.endpoint());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build();
            List<String> scrapes = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (soakrig.process.isAlive() && System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    scrapes.add(response.body());
                } catch (java.io.IOException notUpOrGone) {
                    // before the server starts and after the run ends nothing listens
                }
                Thread.sleep(250);
            }
            int exit = soakrig.awaitExit(Duration.ofMinutes(1));
            assertThat(exit).as(soakrig.output()).isZero();

            List<String> running = scrapes.stream().filter(s -> s.contains("soakrig_run_state{soakrig_run_state=\"RUNNING\"} 1")
                    && STARTED.matcher(s).find()).toList();
            assertThat(running).as("scrapes while running").hasSizeGreaterThan(2);
            String last = scrapes.get(scrapes.size() - 1);
            assertThat(last).as("the endpoint stays up after the run for one more scrape, which sees the run ended")
                    .contains("soakrig_run_state{soakrig_run_state=\"ENDED\"} 1");
            assertThat(last).contains("soakrig_arrivals_intended_total", "soakrig_requests_total", "soakrig_attempts_total",
                    "soakrig_request_latency_seconds_bucket", "soakrig_target_memory_bytes", "soakrig_target_leak",
                    "soakrig_run_verdict");
            List<Double> started = running.stream().map(s -> figure(STARTED, s)).toList();
            for (int i = 1; i < started.size(); i++) {
                assertThat(started.get(i)).as("arrivals started never go down").isGreaterThanOrEqualTo(started.get(i - 1));
            }
            assertThat(started.get(started.size() - 1)).isGreaterThan(started.get(0));

            Histogram total = new Histogram(3);
            long lastInterval = 0;
            HistogramLogReader reader = new HistogramLogReader(run.resolve("latency.hlog").toFile());
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                if ("catalog".equals(h.getTag())) {
                    total.add((Histogram) h);
                    lastInterval = ((Histogram) h).getTotalCount();
                }
            }
            long scraped = (long) figure(OK_COUNT, last);
            assertThat(scraped).isBetween(total.getTotalCount() - lastInterval, total.getTotalCount());

            List<ExportMetricsServiceRequest> pushes = collector.pushes();
            assertThat(pushes).as("pushed every 10 s over a run of 20 s, and once more at its end").hasSizeGreaterThanOrEqualTo(2);
            ExportMetricsServiceRequest lastPush = pushes.get(pushes.size() - 1);
            assertThat(OtlpReceiver.stateSet(lastPush, "soakrig_run_state")).as("the last push comes after the run ended")
                    .containsEntry("ENDED", 1.0);
            assertThat(OtlpReceiver.histogramCount(lastPush, "soakrig_request_latency",
                    Map.of("endpoint", "catalog", "outcome", "ok"))).as("the last push has the final figures, as the last scrape")
                    .isEqualTo(scraped);
        }
    }

    private static double figure(Pattern pattern, String scrape) {
        Matcher m = pattern.matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }
}
