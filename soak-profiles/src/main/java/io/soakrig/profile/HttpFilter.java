package io.soakrig.profile;

import java.util.Arrays;
import java.util.List;

/**
 * An HTTP filter of the perimeter's chain, named as Envoy's (its "HTTP filters"). The declaration order is the safe
 * order; {@code user-tier} before {@code auth} reaches the latent bug that crashes the process (the
 * April 2025 trigger).
 */
public enum HttpFilter implements Keyword {
    /** Envoy's {@code local_ratelimit}. */
    RATE_LIMIT,
    /** Token validation against the auth service. */
    AUTH,
    /** Per-tier routing; crashes when it sees a request auth has not validated. */
    USER_TIER,
    /** Envoy's fault filter. */
    FAULT;

    /** The filter chain a perimeter runs unless told otherwise. */
    public static final List<HttpFilter> SAFE_ORDER = List.of(values());

    /** The ids of {@code filters}, in order: what the perimeter's admin endpoint takes. */
    public static List<String> ids(List<HttpFilter> filters) {
        return filters.stream().map(HttpFilter::id).toList();
    }

    /** Every filter's id, in the safe order. */
    public static List<String> known() {
        return Arrays.stream(values()).map(HttpFilter::id).toList();
    }

    /** Reports a filter written twice (an unknown one was reported while binding); nulls are skipped. */
    static void checkOrder(List<HttpFilter> filters, Checks at) {
        for (int i = 0; i < filters.size(); i++) {
            HttpFilter f = filters.get(i);
            if (f != null && filters.indexOf(f) != i) {
                at.at(i).fail("'" + f.id() + "' is listed twice; each of " + known() + " runs at most once");
            }
        }
    }
}
