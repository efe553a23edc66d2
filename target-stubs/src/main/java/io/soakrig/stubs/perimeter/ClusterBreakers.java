package io.soakrig.stubs.perimeter;

import io.soakrig.profile.CircuitBreakers;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Envoy's request and retry circuit breakers of one cluster. {@code max_requests} bounds the
 * requests in flight to the cluster; {@code max_retries} bounds the retries in flight — unless a
 * retry budget is set, in which case retries in flight may be at most
 * max({@code min_retry_concurrency}, {@code budget_percent} % of the requests in flight), so that
 * retries scale with traffic instead of turning a failure into a flood.
 */
final class ClusterBreakers {
    private final CircuitBreakers config;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final AtomicInteger activeRetries = new AtomicInteger();

    ClusterBreakers(CircuitBreakers config) {
        this.config = config;
    }

    /** Admits a request, or refuses it when {@code max_requests} are in flight. */
    boolean tryStartRequest() {
        if (activeRequests.incrementAndGet() > config.maxRequests()) {
            activeRequests.decrementAndGet();
            return false;
        }
        return true;
    }

    void endRequest() {
        activeRequests.decrementAndGet();
    }

    /** Admits a retry, or refuses it (a retry overflow). */
    boolean tryStartRetry() {
        int allowed = config.retryBudget() == null ? config.maxRetries()
                : Math.max(config.retryBudget().minRetryConcurrency(),
                        (int) (config.retryBudget().budgetPercent() / 100.0 * activeRequests.get()));
        if (activeRetries.incrementAndGet() > allowed) {
            activeRetries.decrementAndGet();
            return false;
        }
        return true;
    }

    void endRetry() {
        activeRetries.decrementAndGet();
    }
}
