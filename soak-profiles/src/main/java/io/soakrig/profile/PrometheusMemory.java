package io.soakrig.profile;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A service's memory read from a Prometheus text endpoint. Services export several memory
 * figures of unequal use for judging a leak (an after-GC gauge shows what is retained, used heap
 * a sawtooth of garbage), and which ones depends on the client library and its version: so a
 * profile may list several, best first, and the first one the service exports is read.
 *
 * @param prometheus the endpoint (loopback, or a host allowed with {@code --allow-host})
 * @param metrics    the series to read there, in order of preference; written {@code metrics:} as
 *                   PromQL selectors, or the one {@code metric:} with its {@code labels:}
 * @param limit      a series giving the memory limit the figure grows towards (e.g.
 *                   {@code jvm_memory_max_bytes{area="heap"}}), for "limit reached at about …";
 *                   null for none
 */
public record PrometheusMemory(URI prometheus, List<MetricSelector> metrics, MetricSelector limit) implements MemorySourceSpec {
    public PrometheusMemory {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** The one metric {@code metric} with {@code labels}, as {@code metric:} and {@code labels:} write it. */
    public PrometheusMemory(URI prometheus, String metric, Map<String, String> labels) {
        this(prometheus, metric == null ? List.of() : List.of(new MetricSelector(metric, labels)), null);
    }

    @Override
    public void check(Checks at) {
        HttpUrls.problem(prometheus).ifPresent(at.at("prometheus")::fail);
        if (metrics.isEmpty()) {
            at.at("metric").fail("is required (or 'metrics': several, in order of preference)");
        }
    }
}
