package io.soakrig.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Traffic sent at one target: soakrig's own simulation playing {@code endpoints} (and
 * {@code sessions}), or the user's own Gatling simulation, named by its class ({@code simulation}),
 * which plays the same arrival plan through the simulation library. Exactly one of the two.
 *
 * @param target    name of a key of {@link Profile#targets()}; absent in a canary profile,
 *                  whose traffic goes to the baseline and the canary
 * @param endpoints the request mix; each arrival picks one endpoint with probability weight/sum
 * @param sessions  user flows; when present, each arrival is one session picked by weight,
 *                  which sends its steps' requests in order with think times between them
 * @param arrivals  consecutive open-model steps; rates are arrivals (logical requests, or
 *                  sessions) per second
 * @param regions   populations sharing the arrivals, each with its time zone, or empty for one
 * @param users     size of the user population whose ids fill {@code {user}} in paths (1000 when absent)
 * @param retry     how clients retry failed requests, null for no retry
 * @param requestTimeout how long each attempt waits for its answer before it fails as a timeout
 *                  ({@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s when absent, at most
 *                  {@link Limits#MAX_REQUEST_TIMEOUT}; wall-clock time, not compressed). A retried
 *                  request may take its attempts' timeouts plus back-off
 * @param simulation the fully qualified name of the user's own {@code io.gatling.javaapi.core.Simulation}
 *                  subclass, on the classpath the run is given; null for soakrig's own simulation
 */
public record TrafficSpec(String target, List<EndpointSpec> endpoints, List<SessionSpec> sessions,
                          List<ArrivalStep> arrivals, List<RegionSpec> regions, Integer users, RetrySpec retry,
                          Duration requestTimeout, String simulation) {
    /**
     * A hung request must end in the recording as a failure before the run does; Gatling's own
     * default (60 s) is longer than the drain after the schedule, so hung requests would vanish.
     */
    public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
    /** What to write when the traffic names neither a request mix nor a simulation, or both. */
    public static final String ONE_SOURCE = "give either 'endpoints' (soakrig's simulation plays them) or 'simulation'"
            + " (your own Gatling simulation class), not both";
    private static final java.util.regex.Pattern CLASS_NAME =
            java.util.regex.Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");

    public TrafficSpec {
        endpoints = endpoints == null && simulation != null ? List.of() : endpoints;
        sessions = sessions == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(sessions));
        regions = regions == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(regions));
        users = users == null ? 1000 : users;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS) : requestTimeout;
    }

    /** Traffic of soakrig's own simulation, playing {@code endpoints}. */
    public TrafficSpec(String target, List<EndpointSpec> endpoints, List<SessionSpec> sessions, List<ArrivalStep> arrivals,
                       List<RegionSpec> regions, Integer users, RetrySpec retry, Duration requestTimeout) {
        this(target, endpoints, sessions, arrivals, regions, users, retry, requestTimeout, null);
    }

    /** Whether the user's own simulation class sends this traffic ({@link #simulation()}). */
    public boolean ownSimulation() {
        return simulation != null;
    }

    TrafficSpec truncatedTo(Duration limit) {
        List<ArrivalStep> kept = new ArrayList<>();
        Duration remaining = limit;
        for (ArrivalStep step : arrivals) {
            if (remaining.isZero()) {
                break;
            }
            ArrivalStep cut = step.truncatedTo(remaining);
            kept.add(cut);
            remaining = remaining.minus(cut.duration());
        }
        return new TrafficSpec(target, endpoints, sessions, List.copyOf(kept), regions, users, retry, requestTimeout, simulation);
    }

    /** The names of the endpoints declared. */
    Set<String> endpointNames() {
        Set<String> names = new HashSet<>();
        if (endpoints != null) {
            endpoints.stream().filter(java.util.Objects::nonNull).map(EndpointSpec::name).forEach(names::add);
        }
        return names;
    }

    /** Checks the traffic's own settings; the targets it names are {@link References}'. */
    void check(Checks at) {
        Checks endpointsAt = at.at("endpoints");
        if (simulation != null) {
            checkSimulation(at);
        } else if (endpoints == null) {
            endpointsAt.fail("is required: " + ONE_SOURCE);
        } else if (endpoints.isEmpty()) {
            endpointsAt.fail("at least one endpoint is required");
        } else if (endpoints != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < endpoints.size(); i++) {
                if (endpoints.get(i) == null) {
                    endpointsAt.at(i).fail("an endpoint needs 'name' and 'path'");
                } else {
                    endpoints.get(i).check(endpointsAt.at(i), names);
                }
            }
        }
        checkArrivals(at.at("arrivals"));
        checkRegions(at.at("regions"));
        Set<String> sessionNames = new HashSet<>();
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i) == null) {
                at.at("sessions").at(i).fail("a session needs 'name' and 'steps'");
            } else {
                sessions.get(i).check(at.at("sessions").at(i), sessionNames);
            }
        }
        if (!Limits.USERS.contains(users)) {
            at.at("users").fail("must be 1.." + Limits.USERS.max() + ", was " + users);
        }
        if (retry != null) {
            retry.check(at.at("retry"));
        }
        if (requestTimeout.toMillis() < 1 || requestTimeout.compareTo(Limits.MAX_REQUEST_TIMEOUT) > 0) {
            at.at("requestTimeout").fail("must be between 1ms and " + Limits.MAX_REQUEST_TIMEOUT.toMinutes()
                    + "m, was " + (requestTimeout.isNegative() ? "negative" : requestTimeout.toMillis() + "ms"));
        }
    }

    /** The user's simulation: a class name, without soakrig's request mix beside it. */
    private void checkSimulation(Checks at) {
        if (!CLASS_NAME.matcher(simulation).matches()) {
            at.at("simulation").fail("must be a fully qualified class name such as com.acme.CheckoutSimulation, was '" + simulation + "'");
        }
        if (!endpoints.isEmpty()) {
            at.at("endpoints").fail(ONE_SOURCE);
        }
        if (!sessions.isEmpty()) {
            at.at("sessions").fail("sessions are soakrig's own simulation's; your simulation '" + simulation + "' plays its own flow");
        }
    }

    private void checkArrivals(Checks at) {
        if (at.require(arrivals) && arrivals.isEmpty()) {
            at.fail("at least one arrival step is required");
            return;
        }
        if (arrivals == null) {
            return;
        }
        Duration total = Duration.ZERO;
        for (int i = 0; i < arrivals.size(); i++) {
            ArrivalStep step = arrivals.get(i);
            if (step == null) {
                at.at(i).fail("give exactly one of 'ramp', 'constant' or 'diurnal'");
                continue;
            }
            step.check(at.at(i).at(step.key()));
            if (step.duration() != null && step.duration().toNanos() > 0) {
                total = total.plus(step.duration());
            }
        }
        if (total.compareTo(Limits.MAX_SCHEDULE) > 0) {
            at.fail("the schedule lasts " + total + ", longer than the limit of " + Limits.MAX_SCHEDULE);
        }
    }

    private void checkRegions(Checks at) {
        Set<String> names = new HashSet<>();
        double total = 0;
        for (int i = 0; i < regions.size(); i++) {
            RegionSpec r = regions.get(i);
            if (r == null) {
                at.at(i).fail("a region needs 'name' and 'share'");
                continue;
            }
            r.check(at.at(i), names);
            total += r.share() == null ? 0 : r.share();
        }
        if (!regions.isEmpty() && Math.abs(total - 1) > 1e-6) {
            at.fail("shares must sum to 1, they sum to " + total);
        }
    }
}
