package io.soakrig.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
    private static PrometheusRegistry registryOf(LiveMetrics metrics) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        return registry;
    }

    @Test
    void pushesEveryIntervalAndOnceMoreAtCloseWithTheFinalFigures() throws Exception {
        LiveMetrics metrics = new LiveMetrics();
        try (OtlpReceiver collector = new OtlpReceiver()) {
            StringWriter err = new StringWriter();
            MetricsPush push = MetricsPush.start(MetricsPush.endpoint(collector.endpoint()), registryOf(metrics), "smoke-1",
                    Duration.ofSeconds(1), new PrintWriter(err));
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
            assertThat(err.toString()).as("nothing failed, nothing told").isEmpty();
        }
    }

    @Test
    void aPushTheMachinesOpenTelemetrySettingsWouldSendElsewhereIsRefusedNamingTheSetting() {
        assertThat(MetricsPush.steering(Map.of(), new Properties())).isEmpty();
        assertThat(MetricsPush.steering(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "a=b"), new Properties())).as("headers only add").isEmpty();
        assertThat(MetricsPush.steering(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://elsewhere:4318"), new Properties()))
                .contains("the environment variable OTEL_EXPORTER_OTLP_ENDPOINT");
        Properties properties = new Properties();
        properties.setProperty("otel.metric.export.interval", "60000");
        assertThat(MetricsPush.steering(Map.of(), properties)).contains("the system property otel.metric.export.interval");

        System.setProperty("otel.exporter.otlp.metrics.endpoint", "http://127.0.0.1:1");
        try {
            assertThatThrownBy(() -> MetricsPush.start(MetricsPush.endpoint("http://127.0.0.1:4318"), registryOf(new LiveMetrics()),
                    "smoke-1", Duration.ofSeconds(1), new PrintWriter(new StringWriter())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the system property otel.exporter.otlp.metrics.endpoint is set, which the OpenTelemetry exporter"
                            + " would follow rather than this flag; unset it");
        } finally {
            System.clearProperty("otel.exporter.otlp.metrics.endpoint");
        }
    }

    @Test
    void anExporterThatCannotStartIsRefusedInOneLine() {
        System.setProperty("otel.exporter.otlp.headers", "not a header");
        try {
            assertThatThrownBy(() -> MetricsPush.start(MetricsPush.endpoint("http://127.0.0.1:4318"), registryOf(new LiveMetrics()),
                    "smoke-1", Duration.ofSeconds(1), new PrintWriter(new StringWriter())))
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
        StringWriter err = new StringWriter();
        String endpoint = "http://127.0.0.1:" + closed;
        MetricsPush push = MetricsPush.start(MetricsPush.endpoint(endpoint), registryOf(new LiveMetrics()),
                "smoke", Duration.ofSeconds(1), new PrintWriter(err));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (err.toString().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long start = System.nanoTime();
        push.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one push in flight, then the last, and the last again")
                .isLessThan(MetricsPush.TIMEOUT.multipliedBy(3).plusSeconds(5));
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as("the first failure in one line, no stack trace, then the count").hasSize(2);
        assertThat(lines.get(0)).startsWith("soakrig: the OTLP push to " + endpoint + " failed (")
                .endsWith("); the run goes on, and failures are counted at its end");
        assertThat(lines.get(1)).startsWith("soakrig: the OTLP exporter reported ").contains(" to push to " + endpoint + ", the last at ")
                .endsWith(" (it reports at most five a minute)");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefusedSayingWhy() {
        assertThat(MetricsPush.endpoint("http://127.0.0.1:4318").getPort()).isEqualTo(4318);
        assertThat(MetricsPush.endpoint("https://collector.example:4318/v1/metrics").getHost()).isEqualTo("collector.example");
        for (String bad : List.of("127.0.0.1:4318", "ftp://127.0.0.1/", "http://", "http://host:4318/?a=b", "http://u:p@127.0.0.1:4318")) {
            assertThatThrownBy(() -> MetricsPush.endpoint(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("(must|not a URL).*");
        }
        assertThatThrownBy(() -> MetricsPush.endpoint("http://a b")).hasMessageStartingWith("not a URL");
    }
}
