package io.soakrig.harness.sampling;

import io.soakrig.contract.memory.MemorySample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;

/**
 * A stub's admin {@code /metrics}: heap used, heap after the last GC, RSS, GC count and requests
 * served, under their Prometheus names, with the run's bearer token.
 */
public record StubAdminSource(String target, URI metricsUrl, String token, HttpClient http) implements MemorySource {
    public static final String NAME = "stub-admin";

    @Override
    public MemorySample sample(SampleClock clock) throws IOException, InterruptedException {
        List<PrometheusText.Sample> metrics = PrometheusText.scrape(http, metricsUrl, token);
        return new MemorySample(clock.epochMillis(), target, NAME,
                PrometheusText.figure(metrics, "jvm_memory_used_bytes", Map.of("area", "heap")),
                PrometheusText.figure(metrics, "soakrig_heap_after_gc_bytes", Map.of()),
                PrometheusText.figure(metrics, "process_resident_memory_bytes", Map.of()),
                PrometheusText.figure(metrics, "jvm_gc_collection_seconds_count", Map.of()),
                PrometheusText.figure(metrics, "soakrig_requests_served_total", Map.of()),
                -1);
    }
}
