package io.soakrig.stubs.perimeter.filters;

import io.soakrig.stubs.perimeter.Exchange;
import java.util.concurrent.CompletionStage;

/**
 * One HTTP filter of the perimeter's chain (Envoy's decoder filter): sees the request before it
 * is routed and lets it through or answers it. Asynchronous, because some filters ask other
 * services (auth).
 */
public interface PerimeterFilter {
    /** The name used in a profile's {@code filters} list. */
    String name();

    CompletionStage<Decision> apply(Exchange exchange);
}
