package io.soakrig.profile;

import java.time.Duration;

/**
 * A day's traffic: the rate follows a cosine between {@code trough} and {@code peak}, highest
 * at local time {@code peakAt} and lowest half a period later.
 *
 * @param trough   lowest rate per second
 * @param peak     highest rate per second
 * @param period   length of a cycle (24h when absent)
 * @param peakAt   local time of day of the peak (20h when absent: evening listening)
 * @param startAt  UTC time of day at which the step starts (0h when absent)
 * @param duration how long the step lasts
 */
public record Diurnal(Double trough, Double peak, Duration period, Duration peakAt, Duration startAt, Duration duration)
        implements ArrivalStep {
    public Diurnal {
        period = period == null ? Duration.ofHours(24) : period;
        peakAt = peakAt == null ? Duration.ofHours(20) : peakAt;
        startAt = startAt == null ? Duration.ZERO : startAt;
    }

    /** The rate {@code t} into the step, for a region {@code utcOffset} from UTC. */
    public double rateAt(Duration t, Duration utcOffset) {
        double local = startAt.plus(t).plus(utcOffset).minus(peakAt).toNanos();
        return trough + (peak - trough) * (1 + Math.cos(2 * Math.PI * local / period.toNanos())) / 2;
    }

    @Override
    public Diurnal withDuration(Duration d) {
        return new Diurnal(trough, peak, period, peakAt, startAt, d);
    }

    @Override
    public void check(Checks at) {
        ArrivalStep.checkRate(trough, at.at("trough"), true);
        ArrivalStep.checkRate(peak, at.at("peak"), false);
        if (trough != null && peak != null && trough > peak) {
            at.at("trough").fail("must not exceed the peak (" + peak + "), was " + trough);
        }
        if (at.at("period").positive(period) && (peakAt.isNegative() || peakAt.compareTo(period) >= 0)) {
            at.at("peakAt").fail("must be a time of day within the period " + period + ", was " + peakAt);
        }
        at.at("startAt").notNegative(startAt);
        at.at("duration").requirePositive(duration);
    }
}
