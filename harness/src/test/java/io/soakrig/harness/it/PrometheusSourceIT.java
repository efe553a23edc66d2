package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running service that is no stub: an HTTP server on loopback with a Prometheus endpoint whose
 * memory gauge grows at 60 MiB per minute. soakrig attaches by URL and reads that metric.
 */
@Tag("integration")
class PrometheusSourceIT {
    private static final double BYTES_PER_MILLI = 60.0 * 1024 * 1024 / 60_000;

    @TempDir
    Path tmp;

    @Test
    void aPrometheusSourcedTargetIsSampledAndItsGrowthMeasured() throws Exception {
        long started = System.currentTimeMillis();
        HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        service.createContext("/items", exchange -> answer(exchange, "ok"));
        service.createContext("/metrics", exchange -> answer(exchange, """
                # TYPE app_memory_bytes gauge
                app_memory_bytes{area="heap"} %d
                app_memory_bytes{area="nonheap"} 1000000
                """.formatted(100_000_000L + (long) ((System.currentTimeMillis() - started) * BYTES_PER_MILLI))));
        service.start();
        try {
            int port = service.getAddress().getPort();
            Path profile = Files.writeString(tmp.resolve("attached.yaml"), """
                    name: attached
                    targets:
                      api:
                        url: http://127.0.0.1:%d
                        memory:
                          prometheus: http://127.0.0.1:%d/metrics
                          metric: app_memory_bytes
                          labels: { area: heap }
                    traffic:
                      target: api
                      endpoints:
                        - { name: items, path: /items }
                      arrivals:
                        - constant: { rate: 20, duration: 8s }
                    """.formatted(port, port));
            Path run = tmp.resolve("run");

            HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

            assertThat(soakrig.awaitExit(Duration.ofMinutes(2))).as(soakrig.output()).isZero();
            List<MemorySample> samples = MemorySampleLog.read(run.resolve("memory-samples.csv"));
            assertThat(samples).isNotEmpty().allSatisfy(s -> {
                assertThat(s.source()).isEqualTo("prometheus");
                assertThat(s.gcAwareSignal()).isEqualTo(MemorySample.Signal.METRIC);
                assertThat(s.metricBytes()).isGreaterThanOrEqualTo(100_000_000L);
            });
            Summary summary = SummaryJson.read(run);
            assertThat(summary.memory().get("api").slopeMBPerMin()).as("the gauge grows 60 MiB/min").isBetween(50.0, 70.0);
            assertThat(summary.requests()).isBetween(150L, 170L);
        } finally {
            service.stop(0);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
