package io.soakrig.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.Summary;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exporter's reports are the JVM's (java.util.logging), and one for a push that has closed can
 * come seconds later: the push to a collector that is not there goes last, so that none of its late
 * reports reaches another test's push.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsPushTest {
    /** A push as on a machine with no OpenTelemetry settings of its own, telling its lines into {@code lines}. */
    private static MetricsPush push(String endpoint, LiveMetrics metrics, List<String> lines) {
        return MetricsPush.start(MetricsPush.endpoint(endpoint), metrics.registry(), "smoke-1", Duration.ofSeconds(1), lines::add,
                Map.of(), new Properties());
    }

    @Test
    void pushesEveryIntervalAndOnceMoreAtCloseWithTheFinalFigures() throws Exception {
        LiveMetrics metrics = new LiveMetrics();
        try (OtlpReceiver collector = new OtlpReceiver()) {
            List<String> lines = new CopyOnWriteArrayList<>();
            MetricsPush push = push(collector.endpoint(), metrics, lines);
            metrics.state(LiveMetrics.RunState.RUNNING);
            LatencyRecording recording = new LatencyRecording(Map.of("home", LiveMetricsTest.latencies("home", 2, 3, 40, 700)), 0, 1000, false);
            metrics.observe(new LiveMetrics.Observation(null, recording, Map.of(), Map.of(), List.of(), false));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (collector.pushes().stream().noneMatch(p -> OtlpReceiver.metric(p, "soakrig_run_state").isPresent()
                    && OtlpReceiver.stateSet(p, "soakrig_run_state").get("RUNNING") == 1.0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int whileRunning = collector.pushes().size();
            assertThat(whileRunning).as("pushed while the run goes, before any close").isPositive();

            metrics.judged(LiveMetrics.VerdictSoFar.FAIL,
                    Map.of("backend", new Summary.Leak(LeakDetector.Decision.LEAK, 3.0, 2.0, 4.0, 60.0, null)));
            push.close();

            List<ExportMetricsServiceRequest> pushes = collector.pushes();
            assertThat(pushes).as("one more push at close").hasSizeGreaterThan(whileRunning);
            ExportMetricsServiceRequest last = pushes.get(pushes.size() - 1);
            assertThat(OtlpReceiver.stateSet(last, "soakrig_run_state")).as(OtlpReceiver.names(last).toString())
                    .containsEntry("ENDED", 1.0).containsEntry("RUNNING", 0.0);
            assertThat(OtlpReceiver.stateSet(last, "soakrig_run_verdict")).containsEntry("FAIL", 1.0);
            assertThat(OtlpReceiver.histogramCount(last, "soakrig_request_latency", Map.of("endpoint", "home", "outcome", "ok")))
                    .isEqualTo(4);
            Map<String, String> resource = last.getResourceMetrics(0).getResource().getAttributesList().stream()
                    .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
            assertThat(resource).containsEntry("service.name", "soakrig").containsEntry("service.instance.id", "smoke-1");
            assertThat(lines).as("nothing failed, nothing told").isEmpty();
        }
    }

    @Test
    void aPushTheMachinesOpenTelemetrySettingsWouldSteerIsRefusedNamingTheSetting() {
        assertThat(MetricsPush.steering(Map.of(), new Properties())).isEmpty();
        assertThat(MetricsPush.steering(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "a=b", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://x:4318"),
                new Properties())).as("headers only add; the general endpoint loses to soakrig's metrics endpoint").isEmpty();
        assertThat(MetricsPush.steering(Map.of("OTEL_METRICS_EXPORTER", " "), new Properties())).as("blank is unset").isEmpty();
        assertThat(MetricsPush.steering(Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", ""), new Properties()))
                .as("but an empty metrics endpoint still steers").contains("the environment variable OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        assertThat(MetricsPush.steering(Map.of("otel_exporter_otlp_metrics_endpoint", "http://elsewhere:4318"), new Properties()))
                .as("compared as the SDK compares keys").contains("the environment variable otel_exporter_otlp_metrics_endpoint");
        Properties properties = new Properties();
        properties.setProperty("OTEL-SDK-DISABLED", "true");
        assertThat(MetricsPush.steering(Map.of(), properties)).contains("the system property OTEL-SDK-DISABLED");

        assertThatThrownBy(() -> MetricsPush.start(MetricsPush.endpoint("http://127.0.0.1:4318"), new LiveMetrics().registry(),
                "smoke-1", Duration.ofSeconds(1), line -> { }, Map.of("OTEL_METRICS_EXPORTER", "none"), new Properties()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the environment variable OTEL_METRICS_EXPORTER is set, which the OpenTelemetry exporter"
                        + " would follow rather than this flag; unset it");
    }

    @Test
    void anExporterThatCannotStartIsRefusedInOneLine() {
        System.setProperty("otel.exporter.otlp.headers", "not a header");
        try {
            assertThatThrownBy(() -> push("http://127.0.0.1:4318", new LiveMetrics(), new CopyOnWriteArrayList<>()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the OpenTelemetry exporter did not start (")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        } finally {
            System.clearProperty("otel.exporter.otlp.headers");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aCollectorThatCannotBeReachedCostsTheRunOnlyTheBoundedLastPush() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        String endpoint = "http://127.0.0.1:" + closed;
        MetricsPush push = push(endpoint, new LiveMetrics(), lines);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long start = System.nanoTime();
        push.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the exporter's own last push, then the last push proper")
                .isLessThan(MetricsPush.TIMEOUT.multipliedBy(3).plusSeconds(5));
        assertThat(lines).as("the first failure in one line, no stack trace, then the count").hasSize(2);
        assertThat(lines.get(0)).startsWith("soakrig: the OTLP push to " + endpoint + " failed (")
                .endsWith("); the run goes on, and failed pushes are counted at its end");
        assertThat(lines.get(1)).matches("soakrig: \\d+ OTLP push(es)? to " + endpoint.replace(".", "\\.") + " failed, the last at .* UTC");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefusedSayingWhy() {
        assertThat(MetricsPush.endpoint("http://127.0.0.1:4318").getPort()).isEqualTo(4318);
        assertThat(MetricsPush.endpoint("https://collector.example:4318/v1/metrics").getHost()).isEqualTo("collector.example");
        assertThat(MetricsPush.metricsUrl(MetricsPush.endpoint("http://c:4318/v1/metrics/"))).isEqualTo("http://c:4318/v1/metrics");
        for (String bad : List.of("127.0.0.1:4318", "ftp://127.0.0.1/", "http://", "http://host:4318/?a=b", "http://u:p@127.0.0.1:4318")) {
            assertThatThrownBy(() -> MetricsPush.endpoint(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("(must|not a URL).*");
        }
        assertThatThrownBy(() -> MetricsPush.endpoint("http://a b")).hasMessageStartingWith("not a URL");
    }
}
