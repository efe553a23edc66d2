package io.soakrig.profile;

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
        if (retryBudget != null) {
            retryBudget.check(at.at("retryBudget"));
        }
    }
}
