package io.soakrig.stubs.perimeter;

import io.soakrig.profile.PerimeterSpec;
import io.soakrig.stubs.perimeter.filters.PerimeterFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The perimeter's HTTP filter chain, whose order can be replaced while the process runs — as an
 * xDS push replaces a listener's filter chain without a restart. Each request runs the order in
 * force when it arrived. The push is the April 2025 trigger: the new order reaches every
 * instance at once, and a filter whose latent bug depends on its position fires everywhere.
 *
 * <p>Filters are built once per name and reused across orders, so a reorder never opens new
 * upstream clusters.
 */
public final class FilterChain {
    private final Function<String, PerimeterFilter> build;
    private final Map<String, PerimeterFilter> built = new LinkedHashMap<>();
    private volatile List<PerimeterFilter> order;

    /**
     * @param build makes the filter of a name, throwing IllegalArgumentException for an unknown one
     */
    public FilterChain(List<String> initial, Function<String, PerimeterFilter> build) {
        this.build = build;
        this.order = filters(initial);
    }

    /** The order in force. */
    public List<PerimeterFilter> current() {
        return order;
    }

    /**
     * Checks a new order and builds its filters without putting it in force: an xDS push is
     * acknowledged before the new chain sees its first request, so a latent bug that fires on that
     * request cannot swallow the acknowledgement.
     *
     * @return the order, put in force by {@link Reorder#apply()}
     * @throws IllegalArgumentException naming an unknown or repeated filter; the order in force is kept
     */
    public Reorder prepare(List<String> names) {
        if (names.isEmpty() || names.stream().distinct().count() != names.size()
                || !PerimeterSpec.KNOWN_FILTERS.containsAll(names)) {
            throw new IllegalArgumentException("a filter order names each of " + PerimeterSpec.KNOWN_FILTERS + " at most once, was " + names);
        }
        return new Reorder(filters(names));
    }

    /** A checked order waiting to be put in force. */
    public final class Reorder {
        private final List<PerimeterFilter> next;

        private Reorder(List<PerimeterFilter> next) {
            this.next = next;
        }

        /** The names of this order. */
        public List<String> names() {
            return next.stream().map(PerimeterFilter::name).toList();
        }

        /** Puts this order in force for requests that arrive from now on. */
        public void apply() {
            order = next;
        }
    }

    /** The names of the order in force. */
    public List<String> names() {
        return order.stream().map(PerimeterFilter::name).toList();
    }

    private synchronized List<PerimeterFilter> filters(List<String> names) {
        return names.stream().map(n -> built.computeIfAbsent(n, build)).toList();
    }
}
