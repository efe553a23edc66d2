package io.soakrig.stubs.perimeter;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The perimeter's statistics, named as Envoy's Prometheus output names them
 * ({@code envoy_cluster_upstream_rq_retry{envoy_cluster_name="stream"}} …), so dashboards and
 * queries written for Envoy read the stub too. Counters carry the Prometheus {@code _total} suffix.
 */
public final class PerimeterStats {
    private static final String CLUSTER = "envoy_cluster_name";

    final Counter upstreamRq = cluster("upstream_rq", "Upstream requests sent (tries, retries included)");
    final Counter upstreamRqRetry = cluster("upstream_rq_retry", "Retries sent");
    final Counter upstreamRqRetrySuccess = cluster("upstream_rq_retry_success", "Retries that succeeded");
    final Counter upstreamRqRetryOverflow = cluster("upstream_rq_retry_overflow", "Retries not sent because of circuit breaking or the retry budget");
    final Counter upstreamRqPendingOverflow = cluster("upstream_rq_pending_overflow", "Requests that overflowed the connection pool or request circuit breaker");
    final Counter upstreamRqPerTryTimeout = cluster("upstream_rq_per_try_timeout", "Tries that hit the per-try timeout");
    final Counter upstreamRqTimeout = cluster("upstream_rq_timeout", "Requests that hit the route timeout");
    final Counter upstreamCxConnectFail = cluster("upstream_cx_connect_fail", "Failed upstream connections");
    final Counter upstreamRqFailed = cluster("upstream_rq_failed", "Requests answered with an error after their last try");
    final Counter downstreamRq = Counter.builder().withoutExemplars().name("envoy_http_downstream_rq").help("Downstream requests received").build();
    final Counter rateLimited = Counter.builder().withoutExemplars().name("envoy_http_local_rate_limit_rate_limited").help("Requests refused by the local rate limit").build();
    final Counter overloadRejected = Counter.builder().withoutExemplars().name("envoy_http_downstream_rq_overload_close").help("Requests refused by the overload manager").build();
    final AtomicLong downstreamCxActive = new AtomicLong();

    void register(PrometheusRegistry registry, OverloadManager overload) {
        for (Counter c : new Counter[] {upstreamRq, upstreamRqRetry, upstreamRqRetrySuccess, upstreamRqRetryOverflow,
                upstreamRqPendingOverflow, upstreamRqPerTryTimeout, upstreamRqTimeout, upstreamCxConnectFail,
                upstreamRqFailed, downstreamRq, rateLimited, overloadRejected}) {
            registry.register(c);
        }
        GaugeWithCallback.builder().name("envoy_http_downstream_cx_active").help("Open downstream connections")
                .callback(cb -> cb.call(downstreamCxActive.get())).register(registry);
        GaugeWithCallback.builder().name("envoy_server_memory_heap_size").help("Bytes the fixed-heap monitor counts as heap")
                .callback(cb -> cb.call(overload.heldBytes())).register(registry);
        GaugeWithCallback.builder().name("envoy_overload_fixed_heap_pressure").help("Heap held / max_heap_size_bytes")
                .callback(cb -> cb.call(overload.pressure())).register(registry);
        GaugeWithCallback.builder().name("envoy_overload_disable_http_keepalive_active").help("1 while keep-alive is disabled")
                .callback(cb -> cb.call(overload.keepAliveDisabled() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("envoy_overload_stop_accepting_requests_active").help("1 while requests are refused")
                .callback(cb -> cb.call(overload.acceptingRequests() ? 0 : 1)).register(registry);
    }

    private static Counter cluster(String stat, String help) {
        return Counter.builder().withoutExemplars().name("envoy_cluster_" + stat).help(help).labelNames(CLUSTER).build();
    }
}
