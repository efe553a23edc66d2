package io.soakrig.harness.run;

import io.soakrig.profile.ArrivalPlan;
import io.soakrig.profile.Profile;
import java.time.Duration;
import java.util.Locale;

/**
 * Whether a play keeps Gatling's own {@code simulation.log} and HTML report. soakrig's report does
 * not need them (latency comes from its HdrHistogram log, exact where Gatling's log has
 * milliseconds), and both grow with the requests: the log by about 27 bytes a request on disk,
 * and the report by the time Gatling spends parsing that log once the traffic is over, inside the
 * two minutes the harness grants the generator past its schedule ({@link TrafficPlayer#OVERRUN})
 * before stopping it as overrun.
 *
 * <p>Measured (session 9, this machine, Gatling 3.15.1): the 60-minute self-soak's log of 208,056
 * requests (52,052 arrivals) was 5.6 MB, and Gatling's report of it ({@code --reports-only}) took
 * 7.3 s of wall time and 239 MB of RSS, with about 24 MiB of heap live. The parse is linear in the
 * requests: a day at 1,000 requests a second would write 2.3 GB and need about twenty minutes
 * for the report, and be stopped as overrun. So the files are kept up to
 * {@value #MAX_ARRIVALS} planned arrivals (a few million requests: a log of about 50–100 MB, a
 * report of about a minute) — every bundled profile, and any run short enough to read Gatling's
 * report by hand — and left out beyond.
 */
final class GatlingFiles {
    /** Most arrivals a play may plan and still have Gatling's own files. */
    static final long MAX_ARRIVALS = 500_000;

    private GatlingFiles() {
    }

    /** Arrivals {@code profile} plans over a play of length {@code planned}, every arm. */
    static double plannedArrivals(Profile profile, Duration planned) {
        double arrivals = 0;
        for (ArrivalPlan plan : profile.arrivalPlans()) {
            arrivals += plan.intendedBetween(Duration.ZERO, planned.compareTo(plan.duration()) < 0 ? planned : plan.duration());
        }
        return profile.canary() == null ? arrivals : 2 * arrivals;
    }

    /** Whether a play of length {@code planned} keeps Gatling's own files. */
    static boolean kept(Profile profile, Duration planned) {
        return plannedArrivals(profile, planned) <= MAX_ARRIVALS;
    }

    /** What the run says when it leaves them out. */
    static String leftOut(Profile profile, Duration planned) {
        return String.format(Locale.ROOT, "Gatling's own simulation.log and HTML report are off for this run: %.0f planned arrivals, "
                + "more than %d (report.html has the latency, from latency.hlog)", plannedArrivals(profile, planned), MAX_ARRIVALS);
    }
}
