package io.soakrig.harness.sampling;

import io.soakrig.profile.MetricSelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

/**
 * The memory metrics a JVM service exports without being asked, so that a {@code url:} target
 * naming no memory source is still sampled when it runs on the JVM: used heap, under the names of
 * the Prometheus Java client 1.x and Micrometer ({@code jvm_memory_used_bytes{area="heap"}}, the
 * pools summed) and of the older simpleclient ({@code jvm_memory_bytes_used{area="heap"}}), read
 * at the usual paths ({@code /metrics}, Spring Boot's {@code /actuator/prometheus}); the heap's
 * maximum is the limit. Used heap is a sawtooth, which the leak detector reads by its collection
 * floors. Micrometer's after-GC gauge {@code jvm_gc_live_data_size_bytes} is not picked here: it
 * reads 0 until the first old-generation collection, which a run may never see, and without a
 * reading it cannot be told apart from a service that does not collect. A profile can still list it
 * first. A service exporting none of these stays unsampled, as before.
 */
public final class JvmMetrics {
    /** Used heap, by the names the usual Java clients export it under. */
    public static final List<MetricSelector> USED_HEAP = List.of(
            MetricSelector.parse("jvm_memory_used_bytes{area=\"heap\"}"),
            MetricSelector.parse("jvm_memory_bytes_used{area=\"heap\"}"));
    /** The heap's maximum (-Xmx), by the same clients' names. */
    public static final List<MetricSelector> HEAP_MAX = List.of(
            MetricSelector.parse("jvm_memory_max_bytes{area=\"heap\"}"),
            MetricSelector.parse("jvm_memory_bytes_max{area=\"heap\"}"));
    /** Where Java services serve their metrics, relative to the service's URL. */
    static final List<String> PATHS = List.of("/metrics", "/actuator/prometheus");

    private JvmMetrics() {
    }

    /**
     * The endpoint under {@code service} that exports used heap, or null when none does (or none
     * answers). Asked once, before the run's traffic.
     */
    public static URI endpoint(HttpClient http, URI service) throws InterruptedException {
        for (String path : PATHS) {
            URI url = service.resolve(path);
            try {
                if (PrometheusSource.firstExported(PrometheusText.scrape(http, url, null), USED_HEAP) != null) {
                    return url;
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // not served there: try the next path
            }
        }
        return null;
    }
}
