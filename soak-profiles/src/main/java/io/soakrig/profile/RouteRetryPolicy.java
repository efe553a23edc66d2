package io.soakrig.profile;

import java.time.Duration;
import java.util.List;

/**
 * Envoy's route retry policy ({@code config.route.v3.RouteRetryPolicy}).
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
public record RouteRetryPolicy(List<RetryCondition> retryOn, Integer numRetries, Duration perTryTimeout, Duration timeout,
                          Duration baseInterval, Duration maxInterval, List<Integer> retriableStatusCodes) {
    public static final RouteRetryPolicy DEFAULT = new RouteRetryPolicy(null, null, null, null, null, null, null);

    public RouteRetryPolicy {
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
