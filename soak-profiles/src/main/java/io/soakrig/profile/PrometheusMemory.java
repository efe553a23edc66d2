package io.soakrig.profile;

import java.net.URI;
import java.util.Map;

/**
 * A service's memory read from a Prometheus text endpoint.
 *
 * @param prometheus the endpoint (loopback, or a host allowed with {@code --allow-host})
 * @param metric     the metric to read there, e.g. {@code jvm_memory_used_bytes}
 * @param labels     labels a sample must carry, e.g. {@code {area: heap}}; matching samples are summed
 */
public record PrometheusMemory(URI prometheus, String metric, Map<String, String> labels) implements MemorySourceSpec {
    public PrometheusMemory {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public void check(Checks at) {
        HttpUrls.problem(prometheus).ifPresent(at.at("prometheus")::fail);
        at.at("metric").require(metric);
    }
}
