package io.soakrig.profile;

import java.time.Duration;
import java.util.List;

/**
 * The perimeter stub's configuration, named after the Envoy settings it imitates so that a
 * profile reads like the proxy configuration it stands for.
 *
 * @param routes          path prefix to cluster (a stub target listed in {@code upstreams}), first match wins
 * @param filters         the HTTP filter chain, in order ({@link HttpFilter#SAFE_ORDER} when absent)
 * @param rateLimit       local rate limit (Envoy {@code local_ratelimit}): token bucket, 429 when empty
 * @param retry           the route's retry policy
 * @param circuitBreakers per-cluster thresholds
 * @param overload        the overload manager with a fixed-heap monitor
 */
public record PerimeterSpec(
        List<Route> routes,
        List<HttpFilter> filters,
        RateLimit rateLimit,
        RetryPolicy retry,
        CircuitBreakers circuitBreakers,
        Overload overload) {

    /** Every filter's id, in the safe order. */
    public static final List<String> KNOWN_FILTERS = HttpFilter.known();

    public PerimeterSpec {
        routes = routes == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(routes));
        filters = filters == null ? HttpFilter.SAFE_ORDER : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(filters));
        rateLimit = rateLimit == null ? new RateLimit(null, null) : rateLimit;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        circuitBreakers = circuitBreakers == null ? CircuitBreakers.DEFAULT : circuitBreakers;
        overload = overload == null ? Overload.DEFAULT : overload;
    }

    /**
     * Checks the perimeter's own settings; that routes and the auth filter reach its upstreams is
     * {@link References}'.
     */
    void check(Checks at) {
        if (routes.isEmpty()) {
            at.at("routes").fail("a perimeter needs at least one route");
        }
        for (int i = 0; i < routes.size(); i++) {
            Checks route = at.at("routes").at(i);
            if (routes.get(i) == null) {
                route.fail("a route needs 'prefix' and 'cluster'");
                continue;
            }
            String prefix = routes.get(i).prefix();
            if (route.at("prefix").require(prefix) && !prefix.startsWith("/")) {
                route.at("prefix").fail("must start with '/', was '" + prefix + "'");
            }
            route.at("cluster").require(routes.get(i).cluster());
        }
        HttpFilter.checkOrder(filters, at.at("filters"));
        if (!(rateLimit.requestsPerSecond() > 0)) {
            at.at("rateLimit").at("requestsPerSecond").fail("must be > 0");
        }
        at.at("rateLimit").at("burst").within(rateLimit.burst(), Limits.BURST);
        retry.check(at.at("retry"));
        circuitBreakers.check(at.at("circuitBreakers"));
        overload.check(at.at("overload"));
    }

    /** @param prefix path prefix, starting with '/'; @param cluster target name of the upstream */
    public record Route(String prefix, String cluster) {
    }

    /** Token bucket: {@code requestsPerSecond} refill, {@code burst} capacity (default 10000/s, burst 20000). */
    public record RateLimit(Double requestsPerSecond, Integer burst) {
        public RateLimit {
            requestsPerSecond = requestsPerSecond == null ? 10_000.0 : requestsPerSecond;
            burst = burst == null ? 20_000 : burst;
        }
    }

    /**
     * Envoy's route retry policy ({@code config.route.v3.RetryPolicy}).
     *
     * @param retryOn              the conditions retried (default 5xx, reset, connect-failure)
     * @param numRetries           retries after the first try (default 1)
     * @param perTryTimeout        timeout of each try; absent: only the route timeout applies
     * @param timeout              the route timeout across all tries (default 15s)
     * @param baseInterval         back-off base (default 25ms): retry n waits a uniformly random
     *                             time in [0, (2^n − 1) × base], capped at {@code maxInterval}
     * @param maxInterval          back-off cap (default 10 × base)
     * @param retriableStatusCodes statuses retried under {@code retriable-status-codes}
     */
    public record RetryPolicy(List<RetryCondition> retryOn, Integer numRetries, Duration perTryTimeout, Duration timeout,
                              Duration baseInterval, Duration maxInterval, List<Integer> retriableStatusCodes) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(null, null, null, null, null, null, null);

        public RetryPolicy {
            retryOn = retryOn == null ? List.of(RetryCondition.FIVE_XX, RetryCondition.RESET, RetryCondition.CONNECT_FAILURE)
                    : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(retryOn));
            numRetries = numRetries == null ? 1 : numRetries;
            timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
            baseInterval = baseInterval == null ? Duration.ofMillis(25) : baseInterval;
            maxInterval = maxInterval == null ? baseInterval.multipliedBy(10) : maxInterval;
            retriableStatusCodes = retriableStatusCodes == null ? List.of() : List.copyOf(retriableStatusCodes);
        }

        void check(Checks at) {
            at.at("numRetries").within(numRetries, Limits.ROUTE_RETRIES);
            at.at("timeout").positive(timeout);
            at.at("baseInterval").positive(baseInterval);
            if (perTryTimeout != null) {
                at.at("perTryTimeout").positive(perTryTimeout);
            }
            if (maxInterval.compareTo(baseInterval) < 0) {
                at.at("maxInterval").fail("must be at least baseInterval");
            }
        }
    }

    /**
     * Envoy's per-cluster circuit breaker thresholds (defaults 1024, 1024, 1024, 3). A retry budget,
     * when set, replaces {@code maxRetries}: active retries may be at most
     * max({@code minRetryConcurrency}, {@code budgetPercent} % of active requests).
     */
    public record CircuitBreakers(Integer maxConnections, Integer maxPendingRequests, Integer maxRequests,
                                  Integer maxRetries, RetryBudget retryBudget) {
        public static final CircuitBreakers DEFAULT = new CircuitBreakers(null, null, null, null, null);

        public CircuitBreakers {
            maxConnections = maxConnections == null ? 1024 : maxConnections;
            maxPendingRequests = maxPendingRequests == null ? 1024 : maxPendingRequests;
            maxRequests = maxRequests == null ? 1024 : maxRequests;
            maxRetries = maxRetries == null ? 3 : maxRetries;
        }

        void check(Checks at) {
            at.at("maxConnections").range(maxConnections, 1, Limits.MAX_BREAKER_THRESHOLD);
            at.at("maxPendingRequests").range(maxPendingRequests, 0, Limits.MAX_BREAKER_THRESHOLD);
            at.at("maxRequests").range(maxRequests, 1, Limits.MAX_BREAKER_THRESHOLD);
            at.at("maxRetries").range(maxRetries, 0, Limits.MAX_BREAKER_THRESHOLD);
            if (retryBudget != null && !(retryBudget.budgetPercent() >= 0 && retryBudget.budgetPercent() <= 100)) {
                at.at("retryBudget").at("budgetPercent").fail("must be between 0 and 100");
            }
        }
    }

    /** @param budgetPercent default 20; @param minRetryConcurrency default 3 */
    public record RetryBudget(Double budgetPercent, Integer minRetryConcurrency) {
        public RetryBudget {
            budgetPercent = budgetPercent == null ? 20.0 : budgetPercent;
            minRetryConcurrency = minRetryConcurrency == null ? 3 : minRetryConcurrency;
        }
    }

    /**
     * The overload manager with Envoy's fixed-heap resource monitor. The "heap" is what the stub
     * really holds for its traffic — per-connection state and buffered bodies — so its pressure
     * and the process's memory move together.
     *
     * @param maxHeapSizeBytes         the monitor's {@code max_heap_size_bytes} (default 256 MiB)
     * @param disableKeepAliveAt       pressure at which responses close their connection (default 0.92)
     * @param stopAcceptingRequestsAt  pressure at which requests are refused with 503 (default 0.95)
     * @param connectionStateBytes     bytes held per open downstream connection (default 64 KiB, as
     *                                 Envoy's per-connection buffers)
     */
    public record Overload(Long maxHeapSizeBytes, Double disableKeepAliveAt, Double stopAcceptingRequestsAt,
                           Integer connectionStateBytes) {
        public static final Overload DEFAULT = new Overload(null, null, null, null);

        public Overload {
            maxHeapSizeBytes = maxHeapSizeBytes == null ? 256L << 20 : maxHeapSizeBytes;
            disableKeepAliveAt = disableKeepAliveAt == null ? 0.92 : disableKeepAliveAt;
            stopAcceptingRequestsAt = stopAcceptingRequestsAt == null ? 0.95 : stopAcceptingRequestsAt;
            connectionStateBytes = connectionStateBytes == null ? 64 << 10 : connectionStateBytes;
        }

        void check(Checks at) {
            if (maxHeapSizeBytes < Limits.MIN_OVERLOAD_HEAP_BYTES) {
                at.at("maxHeapSizeBytes").fail("must be at least 1 MiB");
            }
            if (!(disableKeepAliveAt > 0 && disableKeepAliveAt <= stopAcceptingRequestsAt && stopAcceptingRequestsAt <= 1)) {
                at.fail("need 0 < disableKeepAliveAt <= stopAcceptingRequestsAt <= 1");
            }
            at.at("connectionStateBytes").within(connectionStateBytes, Limits.CONNECTION_STATE_BYTES);
        }
    }
}
