package io.soakrig.harness.supervision;

import java.time.Duration;

/**
 * Kubernetes' restart delay for a crashing container: {@code initial} after the first exit,
 * doubling with each further exit up to {@code max}, and back to {@code initial} once a process
 * has run for {@code resetAfter} (defaults 10 s, 300 s, 10 min). Durations here are wall-clock:
 * the caller has already divided the profile's values by its time compression.
 */
public final class CrashLoopBackOff {
    private final Duration initial;
    private final Duration max;
    private final Duration resetAfter;
    private int consecutiveExits;

    public CrashLoopBackOff(Duration initial, Duration max, Duration resetAfter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
        this.resetAfter = resetAfter;
    }

    /** The delay before restarting a process that exited after running for {@code ranFor}. */
    public Duration delayAfterExit(Duration ranFor) {
        if (ranFor.compareTo(resetAfter) >= 0) {
            consecutiveExits = 0;
        }
        Duration delay = initial;
        for (int i = 0; i < consecutiveExits && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        consecutiveExits++;
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
