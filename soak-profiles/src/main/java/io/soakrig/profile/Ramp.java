package io.soakrig.profile;

import java.time.Duration;

/** Arrival rate changing linearly from {@code from} to {@code to} per second over {@code duration}. */
public record Ramp(Double from, Double to, Duration duration) implements ArrivalStep {
    @Override
    public Ramp withDuration(Duration d) {
        double reached = from + (to - from) * ((double) d.toNanos() / duration.toNanos());
        return new Ramp(from, reached, d);
    }

    @Override
    public void check(Checks at) {
        ArrivalStep.checkRate(from, at.at("from"), true);
        ArrivalStep.checkRate(to, at.at("to"), true);
        at.at("duration").requirePositive(duration);
    }
}
