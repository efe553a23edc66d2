package io.soakrig.profile;

import java.time.Duration;

/**
 * Client retry behaviour (see the simulations module's RetryPolicy). Back-off delays are
 * request-path timings and stay wall-clock time, like latency; they are not compressed.
 *
 * @param policy          how retries are spaced
 * @param maxRetries      retries after the first attempt (2 when absent)
 * @param base            first back-off delay (25ms when absent)
 * @param max             largest back-off delay (250ms when absent)
 * @param tokenBucket     gRPC retry throttling, or null
 * @param budget          retries allowed per request, in (0, {@value Limits#MAX_RETRY_BUDGET}], e.g. 0.1, or null
 * @param circuitBreaker  client circuit breaker, or null
 * @param honourRetryAfter wait at least a response's Retry-After (false when absent)
 * @param honourOverloaded never retry a response marked x-envoy-overloaded (false when absent)
 * @param clients         client processes the traffic is spread over, each with its own state (10)
 */
public record RetrySpec(ClientRetryPolicy policy, Integer maxRetries, Duration base, Duration max, TokenBucketSpec tokenBucket,
                        Double budget, BreakerSpec circuitBreaker, Boolean honourRetryAfter, Boolean honourOverloaded,
                        Integer clients) {
    public RetrySpec {
        maxRetries = maxRetries == null ? 2 : maxRetries;
        base = base == null ? Duration.ofMillis(25) : base;
        max = max == null ? Duration.ofMillis(250) : max;
        honourRetryAfter = Boolean.TRUE.equals(honourRetryAfter);
        honourOverloaded = Boolean.TRUE.equals(honourOverloaded);
        clients = clients == null ? 10 : clients;
    }

    void check(Checks at) {
        at.at("policy").require(policy);
        if (!Limits.CLIENT_RETRIES.contains(maxRetries)) {
            at.at("maxRetries").fail("must be 0.." + Limits.CLIENT_RETRIES.max() + ", was " + maxRetries);
        }
        if (base.isNegative() || (policy != ClientRetryPolicy.CONSTANT && base.compareTo(max) > 0)) {
            at.at("base").fail("must be between 0 and max (" + max + "), was " + base);
        }
        if (tokenBucket != null) {
            tokenBucket.check(at.at("tokenBucket"));
        }
        if (budget != null && !(budget > 0 && budget <= Limits.MAX_RETRY_BUDGET)) {
            at.at("budget").fail("must be a share of requests in (0, " + (int) Limits.MAX_RETRY_BUDGET + "], was " + budget);
        }
        if (circuitBreaker != null) {
            circuitBreaker.check(at.at("circuitBreaker"));
        }
        if (!Limits.CLIENTS.contains(clients)) {
            at.at("clients").fail("must be 1.." + Limits.CLIENTS.max() + ", was " + clients);
        }
    }
}
