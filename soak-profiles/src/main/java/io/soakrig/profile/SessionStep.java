package io.soakrig.profile;

import java.time.Duration;

/**
 * One step of a flow: {@code repeat} requests to {@code endpoint}, each after {@code think}
 * (profile time: a user's pace is compressed with the day it belongs to).
 */
public record SessionStep(String endpoint, Integer repeat, Duration think) {
    public SessionStep {
        repeat = repeat == null ? 1 : repeat;
        think = think == null ? Duration.ZERO : think;
    }

    /** Checks the step's own settings; whether its endpoint exists is {@link References}'. */
    void check(Checks at) {
        at.at("endpoint").require(endpoint);
        if (!Limits.REPEAT.contains(repeat)) {
            at.at("repeat").fail("must be " + Limits.REPEAT.min() + ".." + Limits.REPEAT.max() + ", was " + repeat);
        }
        at.at("think").notNegative(think);
    }
}
