package io.soakrig.profile;

/** Token bucket: {@code requestsPerSecond} refill, {@code burst} capacity (default 10000/s, burst 20000). */
public record RateLimit(Double requestsPerSecond, Integer burst) {
    public RateLimit {
        requestsPerSecond = requestsPerSecond == null ? 10_000.0 : requestsPerSecond;
        burst = burst == null ? 20_000 : burst;
    }

    void check(Checks at) {
        if (!(requestsPerSecond > 0)) {
            at.at("requestsPerSecond").fail("must be > 0");
        }
        at.at("burst").within(burst, Limits.BURST);
    }
}
