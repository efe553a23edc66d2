package io.soakrig.simulations.retry;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * One client's retry state under a {@link RetryPolicy}: its token bucket, retry budget and
 * circuit breaker. A fleet is many clients, each with its own state, as each process of a real
 * fleet has its own; thread-safe, since a client's requests complete on any thread.
 *
 * <p>Time and randomness are injected, so every rule is tested without waiting or luck.
 */
public final class ClientRetries {
    /** The answer after an attempt: retry after {@code delay}, or stop, saying why. */
    public record Decision(boolean retry, Duration delay, String reason) {
        static Decision stop(String reason) {
            return new Decision(false, Duration.ZERO, reason);
        }
    }

    private final RetryPolicy policy;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private double tokens;
    private double budget;
    private int consecutiveFailures;
    private long openUntilNanos;
    private boolean trialInFlight;
    private boolean open;

    public ClientRetries(RetryPolicy policy, LongSupplier nanoClock, RandomGenerator random) {
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.random = random;
        this.tokens = policy.maxTokens();
    }

    /**
     * Whether a new request may be sent at all: false while the circuit breaker is open. Once it
     * has been open long enough, one trial request is let through (half-open).
     */
    public synchronized boolean admit() {
        if (policy.breakerFailures() == 0 || !open) {
            depositBudget();
            return true;
        }
        if (nanoClock.getAsLong() - openUntilNanos >= 0 && !trialInFlight) {
            trialInFlight = true;
            depositBudget();
            return true;
        }
        return false;
    }

    private void depositBudget() {
        if (policy.budgetRatio() > 0) {
            budget = Math.min(budget + policy.budgetRatio(), Math.max(1, 10 * policy.budgetRatio()));
        }
    }

    /**
     * Records an attempt's outcome and says whether to retry it.
     *
     * @param attempt which attempt this was, 1 for the first
     */
    public synchronized Decision after(int attempt, Attempt outcome) {
        if (policy.maxTokens() > 0 && outcome.retryable()) {
            tokens = Math.max(0, tokens - 1);
        } else if (policy.maxTokens() > 0 && outcome.succeeded()) {
            tokens = Math.min(policy.maxTokens(), tokens + policy.tokenRatio());
        }
        if (outcome.succeeded() || !outcome.retryable()) {
            settle(outcome.succeeded());
            return Decision.stop(outcome.succeeded() ? "succeeded" : "not retryable (" + outcome.status() + ")");
        }
        if (attempt > policy.maxRetries()) {
            settle(false);
            return Decision.stop("retries exhausted");
        }
        if (policy.honourOverloaded() && outcome.overloaded()) {
            settle(false);
            return Decision.stop("overloaded: not retried");
        }
        if (policy.maxTokens() > 0 && tokens <= policy.maxTokens() / 2.0) {
            settle(false);
            return Decision.stop("throttled: token bucket at or below half");
        }
        if (policy.budgetRatio() > 0) {
            if (budget < 1 - 1e-9) {
                settle(false);
                return Decision.stop("retry budget spent");
            }
            budget = Math.max(0, budget - 1);
        }
        Duration delay = backoff(attempt);
        if (policy.honourRetryAfter() && outcome.retryAfter() != null && outcome.retryAfter().compareTo(delay) > 0) {
            delay = outcome.retryAfter();
        }
        return new Decision(true, delay, "retry " + attempt);
    }

    /** The back-off before retry number {@code retry} (1-based). */
    Duration backoff(int retry) {
        long base = policy.base().toNanos();
        long ceiling = Math.min(policy.max().toNanos(), base << Math.min(retry - 1, 30));
        return switch (policy.backoff()) {
            case IMMEDIATE -> Duration.ZERO;
            case CONSTANT -> policy.base();
            case EXPONENTIAL -> Duration.ofNanos(ceiling);
            case FULL_JITTER -> Duration.ofNanos(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
        };
    }

    /** A request ended: the breaker counts consecutive failed requests (not attempts). */
    private void settle(boolean succeeded) {
        if (policy.breakerFailures() == 0) {
            return;
        }
        trialInFlight = false;
        if (succeeded) {
            consecutiveFailures = 0;
            open = false;
            return;
        }
        consecutiveFailures++;
        if (open || consecutiveFailures >= policy.breakerFailures()) {
            open = true;
            openUntilNanos = nanoClock.getAsLong() + policy.breakerOpenFor().toNanos();
        }
    }

    /** Tokens in the bucket now (for tests and progress). */
    public synchronized double tokens() {
        return tokens;
    }
}
