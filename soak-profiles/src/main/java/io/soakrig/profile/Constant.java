package io.soakrig.profile;

import java.time.Duration;

/** A constant arrival rate per second held for {@code duration}. */
public record Constant(Double rate, Duration duration) implements ArrivalStep {
    @Override
    public Constant withDuration(Duration d) {
        return new Constant(rate, d);
    }

    @Override
    public void check(Checks at) {
        ArrivalStep.checkRate(rate, at.at("rate"), false);
        at.at("duration").requirePositive(duration);
    }
}
