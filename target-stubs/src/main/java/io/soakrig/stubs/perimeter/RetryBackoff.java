package io.soakrig.stubs.perimeter;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Envoy's fully jittered exponential back-off between retries: before retry {@code n} (1-based)
 * the router waits a uniformly random time in {@code [0, (2^n − 1) × base]}, capped at
 * {@code max} (defaults 25 ms and 250 ms).
 */
final class RetryBackoff {
    private final long baseNanos;
    private final long maxNanos;
    private final RandomGenerator random;

    RetryBackoff(Duration base, Duration max, RandomGenerator random) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The upper bound of the wait before retry {@code n}. */
    long ceilingNanos(int n) {
        long factor = n >= 62 ? Long.MAX_VALUE : (1L << n) - 1;
        long ceiling = factor > maxNanos / baseNanos ? maxNanos : factor * baseNanos;
        return Math.min(ceiling, maxNanos);
    }

    /** A wait before retry {@code n}, drawn uniformly from [0, ceiling]. */
    long delayNanos(int n) {
        return (long) (random.nextDouble() * ceilingNanos(n));
    }
}
