package io.soakrig.profile;

import java.time.Duration;
import java.util.Set;

/**
 * A population of users in one time zone: it sends {@code share} of every arrival step, and a
 * diurnal step follows its local time of day, so regions peak at different times.
 *
 * @param name      region name, recorded with its arrivals
 * @param share     its part of the arrivals, 0..1; a profile's shares sum to 1
 * @param utcOffset its local time minus UTC, e.g. {@code 9h} or {@code -5h}
 * @param target    the target serving this region (its own perimeter), or null for the traffic target
 */
public record RegionSpec(String name, Double share, Duration utcOffset, String target) {
    public RegionSpec {
        utcOffset = utcOffset == null ? Duration.ZERO : utcOffset;
    }

    /** Checks this region's own settings; {@code names} collects the names seen so far. */
    void check(Checks at, Set<String> names) {
        if (at.at("name").identifier(name) && !names.add(name)) {
            at.at("name").fail("duplicate region name '" + name + "'");
        }
        if (at.at("share").require(share) && !(share > 0 && share <= 1)) {
            at.at("share").fail("must be a share in (0, 1], was " + share);
        }
        if (utcOffset.abs().compareTo(Limits.MAX_UTC_OFFSET) > 0) {
            at.at("utcOffset").fail("must be within " + Limits.MAX_UTC_OFFSET.toHours() + "h of UTC, was " + utcOffset);
        }
    }
}
