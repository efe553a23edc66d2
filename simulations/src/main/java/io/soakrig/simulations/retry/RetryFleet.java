package io.soakrig.simulations.retry;

import io.soakrig.profile.ClientRetryPolicy;
import io.soakrig.profile.RetrySpec;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The clients of a fleet, each with its own retry state under one policy: a retry budget or a
 * token bucket is per process in a real fleet, so how many processes share the traffic changes
 * how fast they throttle.
 */
public final class RetryFleet {
    private final List<ClientRetries> clients;

    private RetryFleet(List<ClientRetries> clients) {
        this.clients = clients;
    }

    /** The fleet a profile's retry section declares; without one, a single client that never retries. */
    public static RetryFleet of(RetrySpec spec) {
        RetryPolicy policy = policy(spec);
        int size = spec == null ? 1 : spec.clients();
        SplittableRandom seeds = new SplittableRandom(7);
        return new RetryFleet(IntStream.range(0, size)
                .mapToObj(i -> new ClientRetries(policy, System::nanoTime, seeds.split())).toList());
    }

    /** The policy a profile's retry section declares. */
    public static RetryPolicy policy(RetrySpec spec) {
        if (spec == null || spec.policy() == ClientRetryPolicy.NONE) {
            return RetryPolicy.NONE;
        }
        RetryPolicy.Builder b = RetryPolicy.builder();
        switch (spec.policy()) {
            case IMMEDIATE -> b.immediate(spec.maxRetries());
            case CONSTANT -> b.constant(spec.maxRetries(), spec.base());
            case EXPONENTIAL -> b.exponential(spec.maxRetries(), spec.base(), spec.max());
            case FULL_JITTER -> b.fullJitter(spec.maxRetries(), spec.base(), spec.max());
            case NONE -> throw new AssertionError("handled above");
        }
        if (spec.tokenBucket() != null) {
            b.tokenBucket(spec.tokenBucket().maxTokens(), spec.tokenBucket().tokenRatio());
        }
        if (spec.budget() != null) {
            b.budget(spec.budget());
        }
        if (spec.circuitBreaker() != null) {
            b.circuitBreaker(spec.circuitBreaker().failures(), spec.circuitBreaker().openFor());
        }
        return b.honourRetryAfter(spec.honourRetryAfter()).honourOverloaded(spec.honourOverloaded()).build();
    }

    public int size() {
        return clients.size();
    }

    public ClientRetries client(int index) {
        return clients.get(index);
    }
}
