package io.soakrig.profile;

import java.time.Duration;

/**
 * Restart policy, as a Kubernetes pod's: {@code always} restarts after every exit with the
 * CrashLoopBackOff delay (starting at {@code backoff}, doubling to {@code maxBackoff}, back to
 * the start once a process has run for {@code resetAfter}); {@code never} leaves it down.
 * Durations are in profile time.
 */
public record RestartSpec(RestartPolicy policy, Duration backoff, Duration maxBackoff, Duration resetAfter) {
    public static final RestartSpec KUBERNETES = new RestartSpec(null, null, null, null);

    public RestartSpec {
        policy = policy == null ? RestartPolicy.ALWAYS : policy;
        backoff = backoff == null ? Duration.ofSeconds(10) : backoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(300) : maxBackoff;
        resetAfter = resetAfter == null ? Duration.ofMinutes(10) : resetAfter;
    }

    public boolean restarts() {
        return policy == RestartPolicy.ALWAYS;
    }

    void check(Checks at) {
        at.at("backoff").positive(backoff);
        at.at("resetAfter").positive(resetAfter);
        if (maxBackoff.compareTo(backoff) < 0) {
            at.at("maxBackoff").fail("must be at least restart.backoff");
        }
    }
}
