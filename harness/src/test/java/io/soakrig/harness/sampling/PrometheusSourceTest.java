package io.soakrig.harness.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.profile.MetricSelector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Prometheus source's choice among metrics, and the JVM metrics found without configuration, on a real endpoint. */
class PrometheusSourceTest {
    private static final String MICROMETER = """
            # TYPE jvm_gc_live_data_size_bytes gauge
            jvm_gc_live_data_size_bytes 0.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 4.0E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.0E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
            jvm_memory_max_bytes{area="heap",id="G1 Eden Space"} -1.0
            jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 5.36870912E8
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<String> body = new AtomicReference<>(MICROMETER);
    private HttpServer server;
    private URI base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/prometheus", exchange -> {
            byte[] text = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, text.length);
            exchange.getResponseBody().write(text);
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theFirstMetricExportedAboveZeroIsReadAndStaysChosenWithItsLimit() throws Exception {
        List<String> told = new ArrayList<>();
        URI url = base.resolve("/actuator/prometheus");
        PrometheusSource source = new PrometheusSource("api", url,
                List.of(MetricSelector.parse("process_resident_memory_bytes"), MetricSelector.parse("jvm_gc_live_data_size_bytes"),
                        MetricSelector.parse("jvm_memory_used_bytes{area=\"heap\"}")),
                JvmMetrics.HEAP_MAX, http, (metric, limit, at) -> told.add(metric + " " + limit + " " + at));

        MemorySample first = source.sample(SampleClock.startingNow());
        body.set(MICROMETER.replace("jvm_gc_live_data_size_bytes 0.0", "jvm_gc_live_data_size_bytes 1.0E7"));
        MemorySample second = source.sample(SampleClock.startingNow());

        assertThat(first.metricBytes()).isEqualTo(60_000_000L);
        assertThat(first.limitBytes()).as("pools without a max (-1) leave the sum a byte short").isEqualTo(536_870_911L);
        assertThat(first.source()).isEqualTo("prometheus");
        assertThat(second.metricBytes()).as("the choice holds for the run").isEqualTo(60_000_000L);
        assertThat(told).containsExactly("jvm_memory_used_bytes{area=\"heap\"} jvm_memory_max_bytes{area=\"heap\"} " + url);
    }

    @Test
    void aScrapeHoldingNoneOfTheMetricsIsAnErrorNotAZero() {
        PrometheusSource source = new PrometheusSource("api", base.resolve("/actuator/prometheus"),
                List.of(MetricSelector.parse("envoy_server_memory_allocated")), List.of(), http, (m, l, u) -> { });

        assertThatThrownBy(() -> source.sample(SampleClock.startingNow())).isInstanceOf(IOException.class).hasMessageContaining("none of [envoy_server_memory_allocated]");
    }

    @Test
    void aJvmServiceIsFoundAtItsUsualPathAndAServiceWithoutJvmMetricsIsNot() throws Exception {
        assertThat(JvmMetrics.endpoint(http, base)).isEqualTo(base.resolve("/actuator/prometheus"));

        body.set("process_resident_memory_bytes 1.0E8\n");
        assertThat(JvmMetrics.endpoint(http, base)).isNull();
    }
}
