package io.soakrig.simulations;

import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.profile.ArrivalPlan;
import io.soakrig.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The plans a simulation's arrivals are held to in {@code arrivals.csv}: the profile's, when the
 * simulation plays them, and the injections of its own it declared. A simulation that injects its
 * own arrivals and is counted against the profile's plan would look like a generator falling
 * behind (or racing ahead) when it only does what it said; so what it declared is what it is held to.
 *
 * <p>Declarations happen while the simulation is built, before its first arrival; the recordings
 * ask for {@link #counted()} when they open, at that first arrival.
 */
final class ArrivalPlans {
    private final Profile profile;
    private final List<ArrivalPlan> plans;
    private final List<ArrivalPlan> declared = new CopyOnWriteArrayList<>();
    private volatile boolean profilePlanPlayed;

    /** @param plans the profile's plans as this generator plays them (its share of them, for a worker) */
    ArrivalPlans(Profile profile, List<ArrivalPlan> plans) {
        this.profile = profile;
        this.plans = List.copyOf(plans);
    }

    /** The simulation plays the profile's plan (as populations, or its injection steps). */
    void profilePlanPlayed() {
        profilePlanPlayed = true;
    }

    /**
     * Declares an injection of the simulation's own for {@code population}.
     *
     * @throws IllegalArgumentException when the name is taken, a rate is negative, a step has no
     *                                  duration, or the injection outlasts the profile's schedule
     * @throws IllegalStateException    in a canary run, whose arms each play the profile's plan
     */
    ArrivalPlan declare(String population, ArrivalPlan.Segment... steps) {
        if (profile.canary() != null) {
            throw new IllegalStateException("a canary run plays the profile's arrival plan once per arm: use soakrig.populations(...)");
        }
        if (population == null || !population.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("a population is named with letters, digits, '.', '_' and '-', was '" + population + "'");
        }
        if (plans.stream().anyMatch(p -> p.population().equals(population)) || declared.stream().anyMatch(p -> p.population().equals(population))) {
            throw new IllegalArgumentException("population '" + population + "' is taken (the profile's are "
                    + plans.stream().map(ArrivalPlan::population).toList() + "): give your injection a name of its own");
        }
        if (steps.length == 0) {
            throw new IllegalArgumentException("the injection of '" + population + "' has no step");
        }
        for (ArrivalPlan.Segment step : steps) {
            if (!(step.fromRate() >= 0 && step.toRate() >= 0) || Double.isInfinite(step.fromRate()) || Double.isInfinite(step.toRate())
                    || step.duration() == null || step.duration().toMillis() <= 0) {
                throw new IllegalArgumentException("the injection of '" + population + "' has a step with a negative rate or no duration: " + step);
            }
        }
        ArrivalPlan plan = new ArrivalPlan(population, List.of(steps));
        if (plan.duration().compareTo(profile.plannedDuration()) > 0) {
            throw new IllegalArgumentException("the injection of '" + population + "' lasts " + plan.duration().toMillis() / 1000.0
                    + " s, longer than the profile's schedule (" + profile.plannedDuration().toMillis() / 1000.0
                    + " s), at whose end the harness stops the run");
        }
        declared.add(plan);
        return plan;
    }

    /**
     * The plans to count arrivals against: the profile's (per arm and region) unless the simulation
     * declared only injections of its own, then those.
     */
    List<ArrivalPlan> counted() {
        List<ArrivalPlan> counted = new ArrayList<>();
        if (profilePlanPlayed || declared.isEmpty()) {
            List<String> arms = profile.canary() == null ? List.of("") : LatencyTag.CANARY_ARMS;
            for (String arm : arms) {
                plans.forEach(p -> counted.add(new ArrivalPlan(LatencyTag.armed(arm, p.population()), p.segments())));
            }
        }
        counted.addAll(declared);
        return counted;
    }
}
