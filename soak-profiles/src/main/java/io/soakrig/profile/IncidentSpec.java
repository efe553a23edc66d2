package io.soakrig.profile;

import java.time.Duration;
import java.util.List;

/**
 * A configuration pushed to perimeter stubs while traffic runs, to every instance at once —
 * as the April 2025 filter reorder was applied to every region simultaneously. The push lives
 * only in the running processes: a restarted instance boots with its profile configuration,
 * as a pod boots with its bootstrap after a rolled-back push.
 *
 * @param at      profile time after the traffic starts (in an experiment, after each cell starts)
 * @param filters the filter order pushed
 * @param targets the perimeter targets pushed to
 */
public record IncidentSpec(Duration at, List<HttpFilter> filters, List<String> targets) {
    public IncidentSpec {
        filters = filters == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(filters));
        targets = targets == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(targets));
    }

    /**
     * Checks the push's own settings; {@code window} is how long the traffic it lands in lasts, in
     * wall-clock time, or null when unknown, and {@code wall} turns profile time into wall time.
     * The targets it names are {@link References}'.
     */
    void check(Checks where, java.util.function.UnaryOperator<Duration> wall, Duration window, boolean perCell) {
        if (where.at("at").require(at) && where.at("at").notNegative(at) && window != null && wall.apply(at).compareTo(window) >= 0) {
            where.at("at").fail("comes after the traffic ends (" + window.toSeconds() + " s of "
                    + (perCell ? "wall time per cell)" : "wall time)"));
        }
        if (filters.isEmpty()) {
            where.at("filters").fail("give the filter order pushed");
        }
        HttpFilter.checkOrder(filters, where.at("filters"));
        if (targets.isEmpty()) {
            where.at("targets").fail("name the perimeter targets the push goes to");
        }
    }
}
