package io.soakrig.profile;

/**
 * Pass/fail thresholds; an absent threshold is not checked.
 *
 * @param p99LatencyMs highest acceptable 99th percentile of successful requests, milliseconds
 * @param errorRate    highest acceptable share of failed logical requests, 0..1
 * @param noLeak       fail when the leak detector calls a leak on any target
 */
public record GatesSpec(Double p99LatencyMs, Double errorRate, Boolean noLeak) {
    void check(Checks at) {
        if (p99LatencyMs != null && !(p99LatencyMs > 0)) {
            at.at("p99LatencyMs").fail("must be > 0 milliseconds, was " + p99LatencyMs);
        }
        at.at("errorRate").share(errorRate);
    }
}
