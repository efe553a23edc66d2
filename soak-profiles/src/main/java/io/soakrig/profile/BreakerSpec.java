package io.soakrig.profile;

import java.time.Duration;

/** A client circuit breaker: opens after {@code failures} consecutive failed requests, for {@code openFor}. */
public record BreakerSpec(Integer failures, Duration openFor) {
    void check(Checks at) {
        if (at.at("failures").require(failures) && failures < 1) {
            at.at("failures").fail("must be >= 1, was " + failures);
        }
        at.at("openFor").requirePositive(openFor);
    }
}
