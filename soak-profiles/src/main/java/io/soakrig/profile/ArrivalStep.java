package io.soakrig.profile;

import java.time.Duration;

/**
 * One step of the arrival schedule, written as one of {@code - ramp: {…}}, {@code - constant: {…}}
 * or {@code - diurnal: {…}}. Sealed, so a step is always exactly one shape; a new shape is a new
 * record here and one line in {@link Form}. Rates are arrivals per wall-clock second; durations
 * are profile time.
 */
public sealed interface ArrivalStep permits Ramp, Constant, Diurnal {

    /** How long the step lasts, in profile time. */
    Duration duration();

    /** The same step lasting {@code d}: a ramp keeps its slope, a diurnal curve its phase. */
    ArrivalStep withDuration(Duration d);

    /** Checks this step's own settings, placed at its shape's key ({@code …/ramp}). */
    void check(Checks at);

    /** The key a step of this shape is written under: {@code ramp}, {@code constant}, {@code diurnal}. */
    default String key() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The step cut to at most {@code limit}. */
    default ArrivalStep truncatedTo(Duration limit) {
        return duration().compareTo(limit) <= 0 ? this : withDuration(limit);
    }

    /** Checks a rate: present, at least 0 (or above 0), at most {@link Limits#MAX_RATE_PER_SECOND}. */
    static void checkRate(Double rate, Checks at, boolean zeroAllowed) {
        if (!at.require(rate)) {
            return;
        }
        if (rate < 0 || (!zeroAllowed && rate == 0) || rate.isNaN()) {
            at.fail("must be " + (zeroAllowed ? ">= 0" : "> 0") + " arrivals per second, was " + rate);
        } else if (rate > Limits.MAX_RATE_PER_SECOND) {
            at.fail("must be at most " + (long) Limits.MAX_RATE_PER_SECOND + " arrivals per second, was " + rate);
        }
    }

    /** The keys a step may be written with. */
    record Form(Ramp ramp, Constant constant, Diurnal diurnal) implements ProfileBinding.Form<ArrivalStep> {
        @Override
        public ArrivalStep choice(Checks at) {
            int given = (ramp != null ? 1 : 0) + (constant != null ? 1 : 0) + (diurnal != null ? 1 : 0);
            if (given != 1) {
                return at.unreadable("give exactly one of 'ramp', 'constant' or 'diurnal'");
            }
            return ramp != null ? ramp : constant != null ? constant : diurnal;
        }
    }

    /** Binds a step from its {@link Form}. */
    ProfileBinding.Alternatives<ArrivalStep, Form> BINDING = new ProfileBinding.Alternatives<>(ArrivalStep.class, Form.class);
}
