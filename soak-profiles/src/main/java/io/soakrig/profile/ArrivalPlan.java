package io.soakrig.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One population's arrival rate over wall-clock time, as consecutive linear segments: what the
 * load generator plays, and what it is held to when soakrig checks that it kept up.
 *
 * <p>Every shape reduces to segments: a constant is one flat segment, a ramp one sloped segment,
 * and a diurnal curve a chain of short chords ({@value #CHORDS_PER_PERIOD} per period, within
 * 0.03 % of the cosine). Each region gets its share of every rate, and its diurnal curve is read
 * at its own local time. Profile time becomes wall-clock time here, once, in whole seconds: the
 * load generator's ramps are played per second, so a step compressed below a second lasts one.
 *
 * @param population the region's name, or {@value #EVERYONE} without regions
 * @param segments   consecutive segments from the start of the schedule
 */
public record ArrivalPlan(String population, List<Segment> segments) {
    /** The population name when a profile declares no regions. */
    public static final String EVERYONE = "all";
    static final int CHORDS_PER_PERIOD = 96;

    /** Arrivals per second moving linearly from {@code fromRate} to {@code toRate} over {@code duration}. */
    public record Segment(double fromRate, double toRate, Duration duration) {
        /** Arrivals intended in the first {@code t} of this segment. */
        double arrivalsWithin(Duration t) {
            double seconds = Math.min(t.toNanos(), duration.toNanos()) / 1e9;
            double total = duration.toNanos() / 1e9;
            double rateAtT = fromRate + (toRate - fromRate) * (total == 0 ? 0 : seconds / total);
            return (fromRate + rateAtT) / 2 * seconds;
        }
    }

    static List<ArrivalPlan> of(Profile profile) {
        List<RegionSpec> regions = profile.traffic().regions().isEmpty()
                ? List.of(new RegionSpec(EVERYONE, 1.0, Duration.ZERO, null)) : profile.traffic().regions();
        List<ArrivalPlan> plans = new ArrayList<>();
        for (RegionSpec region : regions) {
            List<Segment> segments = new ArrayList<>();
            for (ArrivalStep step : profile.traffic().arrivals()) {
                segments.addAll(segments(profile, step, region));
            }
            plans.add(new ArrivalPlan(region.name(), List.copyOf(segments)));
        }
        return List.copyOf(plans);
    }

    private static List<Segment> segments(Profile profile, ArrivalStep step, RegionSpec region) {
        double share = region.share();
        Duration wall = wholeSeconds(profile.wall(step.duration()));
        if (step instanceof Constant c) {
            return List.of(new Segment(share * c.rate(), share * c.rate(), wall));
        }
        if (step instanceof Ramp r) {
            return List.of(new Segment(share * r.from(), share * r.to(), wall));
        }
        Diurnal d = (Diurnal) step;
        Duration chord = wholeSeconds(profile.wall(d.period().dividedBy(CHORDS_PER_PERIOD)));
        List<Segment> segments = new ArrayList<>();
        for (Duration t = Duration.ZERO; t.compareTo(wall) < 0; t = t.plus(chord)) {
            Duration end = t.plus(chord).compareTo(wall) < 0 ? t.plus(chord) : wall;
            segments.add(new Segment(share * d.rateAt(profileTime(profile, t), region.utcOffset()),
                    share * d.rateAt(profileTime(profile, end), region.utcOffset()), end.minus(t)));
        }
        return segments;
    }

    private static Duration wholeSeconds(Duration d) {
        return Duration.ofSeconds(Math.max(1, Math.round(d.toNanos() / 1e9)));
    }

    private static Duration profileTime(Profile profile, Duration wall) {
        return Duration.ofNanos(Math.round(wall.toNanos() * profile.timeCompression()));
    }

    /** Arrivals intended between {@code from} and {@code to} after the start (wall-clock time). */
    public double intendedBetween(Duration from, Duration to) {
        return intendedBy(to) - intendedBy(from);
    }

    private double intendedBy(Duration t) {
        double total = 0;
        Duration start = Duration.ZERO;
        for (Segment s : segments) {
            if (t.compareTo(start) <= 0) {
                break;
            }
            total += s.arrivalsWithin(t.minus(start));
            start = start.plus(s.duration());
        }
        return total;
    }

    /**
     * This plan with every rate multiplied by {@code fraction} (0 < fraction <= 1): one worker's
     * share when the load is spread over several generators, whose plans then sum to this one.
     */
    public ArrivalPlan scaled(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("a share of a plan is in (0, 1], was " + fraction);
        }
        return new ArrivalPlan(population, segments.stream()
                .map(s -> new Segment(s.fromRate() * fraction, s.toRate() * fraction, s.duration())).toList());
    }

    /** Length of the plan. */
    public Duration duration() {
        return segments.stream().map(Segment::duration).reduce(Duration.ZERO, Duration::plus);
    }
}
