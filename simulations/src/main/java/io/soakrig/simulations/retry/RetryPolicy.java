package io.soakrig.simulations.retry;

import io.soakrig.profile.Limits;
import java.time.Duration;
import java.util.Objects;

/**
 * How a client retries a failed request: an immutable value, built and validated by
 * {@link #builder()}, shared by every client of a fleet; each client keeps its own
 * {@link ClientRetries} state (token bucket, budget, breaker).
 *
 * <p>Gatling's {@code tryMax} retries at once, with no back-off, jitter or budget; real clients
 * do not, and the difference decides whether a crash turns into a retry flood. The pieces compose:
 * <ul>
 *   <li><b>back-off</b>: {@link Backoff#IMMEDIATE}, {@link Backoff#CONSTANT} (base every time, as
 *   Spring Retry's fixed back-off or resilience4j's default wait), {@link Backoff#EXPONENTIAL} (base·2<sup>k−1</sup>
 *   capped at max) or {@link Backoff#FULL_JITTER} (uniform in [0, that]), as in the AWS
 *   architecture blog's "Exponential Backoff and Jitter";</li>
 *   <li><b>token bucket</b> with gRPC's retry throttling semantics (gRFC A6): the bucket starts
 *   full at {@code maxTokens}, a failed attempt takes one token, a success gives back
 *   {@code tokenRatio}, and retries are allowed only while more than half the tokens remain;</li>
 *   <li><b>retry budget</b>: each request deposits {@code budgetRatio} of a retry, each retry
 *   withdraws one, so retries stay within that share of requests (Finagle's RetryBudget);</li>
 *   <li><b>circuit breaker</b>: after {@code breakerFailures} consecutive failed requests the
 *   client sends nothing for {@code breakerOpenFor}, then lets one trial request through;</li>
 *   <li><b>server hints</b>: a {@code Retry-After} delay is waited at least, and a response
 *   marked {@code x-envoy-overloaded} is not retried — Envoy sets it when it sheds load, and
 *   retrying it is what feeds an overload.</li>
 * </ul>
 *
 * @param maxRetries       retries after the first attempt (0: never retry)
 * @param backoff          the delay before each retry
 * @param base             first back-off delay
 * @param max              largest back-off delay
 * @param maxTokens        token bucket size, 0 for no bucket
 * @param tokenRatio       tokens returned by a success
 * @param budgetRatio      retries allowed per request, 0 for no budget, at most {@link Limits#MAX_RETRY_BUDGET}
 * @param breakerFailures  consecutive failed requests that open the breaker, 0 for no breaker
 * @param breakerOpenFor   how long an open breaker refuses requests
 * @param honourRetryAfter wait at least the server's {@code Retry-After}
 * @param honourOverloaded never retry a response marked {@code x-envoy-overloaded}
 */
public record RetryPolicy(int maxRetries, Backoff backoff, Duration base, Duration max, int maxTokens, double tokenRatio,
                          double budgetRatio, int breakerFailures, Duration breakerOpenFor, boolean honourRetryAfter,
                          boolean honourOverloaded) {
    /** The delay between attempts. */
    public enum Backoff { IMMEDIATE, CONSTANT, EXPONENTIAL, FULL_JITTER }

    /** No retry at all. */
    public static final RetryPolicy NONE = builder().build();

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
        require(Limits.CLIENT_RETRIES.contains(maxRetries), "maxRetries must be 0.." + Limits.CLIENT_RETRIES.max() + ", was " + maxRetries);
        require(!base.isNegative() && !max.isNegative() && base.compareTo(max) <= 0,
                "back-off needs 0 <= base <= max, was base " + base + ", max " + max);
        require(maxTokens >= 0, "maxTokens must be >= 0, was " + maxTokens);
        require(maxTokens == 0 || (tokenRatio > 0 && tokenRatio <= maxTokens), "tokenRatio must be in (0, maxTokens], was " + tokenRatio);
        require(budgetRatio >= 0 && budgetRatio <= Limits.MAX_RETRY_BUDGET,
                "budgetRatio must be 0.." + Limits.MAX_RETRY_BUDGET + ", was " + budgetRatio);
        require(breakerFailures >= 0, "breakerFailures must be >= 0, was " + breakerFailures);
        require(breakerFailures == 0 || breakerOpenFor.toNanos() > 0, "an open breaker must last > 0, was " + breakerOpenFor);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RetryPolicy}; {@link #build()} validates. Defaults: no retry, no throttling. */
    public static final class Builder {
        private int maxRetries;
        private Backoff backoff = Backoff.IMMEDIATE;
        private Duration base = Duration.ofMillis(25);
        private Duration max = Duration.ofMillis(250);
        private int maxTokens;
        private double tokenRatio = 0.1;
        private double budgetRatio;
        private int breakerFailures;
        private Duration breakerOpenFor = Duration.ofSeconds(10);
        private boolean honourRetryAfter;
        private boolean honourOverloaded;

        private Builder() {
        }

        /** Up to {@code n} retries, sent as soon as the failure is seen. */
        public Builder immediate(int n) {
            maxRetries = n;
            backoff = Backoff.IMMEDIATE;
            return this;
        }

        /** Up to {@code n} retries, each {@code interval} after the failure: a client that keeps trying at a fixed pace. */
        public Builder constant(int n, Duration interval) {
            return backoff(Backoff.CONSTANT, n, interval, interval);
        }

        /** Up to {@code n} retries after base·2<sup>k−1</sup>, capped at {@code max}. */
        public Builder exponential(int n, Duration base, Duration max) {
            return backoff(Backoff.EXPONENTIAL, n, base, max);
        }

        /** Up to {@code n} retries after a delay drawn uniformly from [0, min(max, base·2<sup>k−1</sup>)]. */
        public Builder fullJitter(int n, Duration base, Duration max) {
            return backoff(Backoff.FULL_JITTER, n, base, max);
        }

        private Builder backoff(Backoff kind, int n, Duration base, Duration max) {
            maxRetries = n;
            backoff = kind;
            this.base = base;
            this.max = max;
            return this;
        }

        /** gRPC retry throttling: a bucket of {@code maxTokens}, {@code tokenRatio} back per success. */
        public Builder tokenBucket(int maxTokens, double tokenRatio) {
            this.maxTokens = maxTokens;
            this.tokenRatio = tokenRatio;
            return this;
        }

        /** Retries at most {@code ratio} of requests (e.g. 0.1). */
        public Builder budget(double ratio) {
            budgetRatio = ratio;
            return this;
        }

        /** Open after {@code failures} consecutive failed requests, for {@code openFor}. */
        public Builder circuitBreaker(int failures, Duration openFor) {
            breakerFailures = failures;
            breakerOpenFor = openFor;
            return this;
        }

        public Builder honourRetryAfter(boolean honour) {
            honourRetryAfter = honour;
            return this;
        }

        public Builder honourOverloaded(boolean honour) {
            honourOverloaded = honour;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public RetryPolicy build() {
            return new RetryPolicy(maxRetries, backoff, base, max, maxTokens, tokenRatio, budgetRatio, breakerFailures,
                    breakerOpenFor, honourRetryAfter, honourOverloaded);
        }
    }
}
