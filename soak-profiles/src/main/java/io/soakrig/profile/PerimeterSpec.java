package io.soakrig.profile;

import java.time.Duration;
import java.util.List;

/**
 * The perimeter stub's configuration, named after the Envoy settings it imitates so that a
 * profile reads like the proxy configuration it stands for.
 *
 * @param routes          path prefix to cluster (a stub target listed in {@code upstreams}), first match wins
 * @param filters         the HTTP filter chain, in order ({@link HttpFilter#SAFE_ORDER} when absent)
 * @param rateLimit       local rate limit (Envoy {@code local_ratelimit}): token bucket, 429 when empty
 * @param retry           the route's retry policy
 * @param circuitBreakers per-cluster thresholds
 * @param overload        the overload manager with a fixed-heap monitor
 */
public record PerimeterSpec(
        List<Route> routes,
        List<HttpFilter> filters,
        RateLimit rateLimit,
        RouteRetryPolicy retry,
        CircuitBreakers circuitBreakers,
        Overload overload) {

    /** Every filter's id, in the safe order. */
    public static final List<String> KNOWN_FILTERS = HttpFilter.known();

    public PerimeterSpec {
        routes = routes == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(routes));
        filters = filters == null ? HttpFilter.SAFE_ORDER : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(filters));
        rateLimit = rateLimit == null ? new RateLimit(null, null) : rateLimit;
        retry = retry == null ? RouteRetryPolicy.DEFAULT : retry;
        circuitBreakers = circuitBreakers == null ? CircuitBreakers.DEFAULT : circuitBreakers;
        overload = overload == null ? Overload.DEFAULT : overload;
    }

    /**
     * Checks the perimeter's own settings; that routes and the auth filter reach its upstreams is
     * {@link References}'.
     */
    void check(Checks at) {
        if (routes.isEmpty()) {
            at.at("routes").fail("a perimeter needs at least one route");
        }
        for (int i = 0; i < routes.size(); i++) {
            Checks route = at.at("routes").at(i);
            if (routes.get(i) == null) {
                route.fail("a route needs 'prefix' and 'cluster'");
                continue;
            }
            String prefix = routes.get(i).prefix();
            if (route.at("prefix").require(prefix) && !prefix.startsWith("/")) {
                route.at("prefix").fail("must start with '/', was '" + prefix + "'");
            }
            route.at("cluster").require(routes.get(i).cluster());
        }
        HttpFilter.checkOrder(filters, at.at("filters"));
        rateLimit.check(at.at("rateLimit"));
        retry.check(at.at("retry"));
        circuitBreakers.check(at.at("circuitBreakers"));
        overload.check(at.at("overload"));
    }
}
