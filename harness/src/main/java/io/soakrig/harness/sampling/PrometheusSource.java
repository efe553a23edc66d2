package io.soakrig.harness.sampling;

import io.soakrig.contract.memory.MemorySample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * Any service's Prometheus endpoint, read for one declared metric — e.g.
 * {@code jvm_memory_used_bytes{area="heap"}}, {@code process_resident_memory_bytes} or Envoy's
 * {@code envoy_server_memory_allocated}. Samples matching the labels are summed. A metric that is
 * absent is an error of the scrape, reported once, not a zero.
 */
public record PrometheusSource(String target, URI url, String metric, Map<String, String> labels, HttpClient http)
        implements MemorySource {
    @Override
    public MemorySample sample() throws IOException, InterruptedException {
        long value = PrometheusText.figure(PrometheusText.scrape(http, url, null), metric, labels);
        if (value < 0) {
            throw new IOException("no sample of " + metric + labels + " at " + url);
        }
        return new MemorySample(System.currentTimeMillis(), target, "prometheus", -1, -1, -1, -1, -1, value);
    }
}
