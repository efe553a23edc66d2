package io.soakrig.profile;

import java.util.List;
import java.util.Set;

/**
 * A user flow, e.g. login, browse three times, then stream.
 *
 * @param name   the flow's name
 * @param weight relative share of arrivals, 1 when absent
 * @param steps  the requests in order
 */
public record SessionSpec(String name, Integer weight, List<SessionStep> steps) {
    public SessionSpec {
        weight = weight == null ? 1 : weight;
        steps = steps == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(steps));
    }

    /** Checks this session; {@code names} collects the names seen so far, to refuse duplicates. */
    void check(Checks at, Set<String> names) {
        if (at.at("name").identifier(name) && !names.add(name)) {
            at.at("name").fail("duplicate session name '" + name + "'");
        }
        if (weight < 1) {
            at.at("weight").fail("must be >= 1, was " + weight);
        }
        if (steps.isEmpty()) {
            at.at("steps").fail("a session needs at least one step");
        }
        for (int j = 0; j < steps.size(); j++) {
            if (steps.get(j) == null) {
                at.at("steps").at(j).fail("a step needs 'endpoint'");
            } else {
                steps.get(j).check(at.at("steps").at(j));
            }
        }
    }
}
