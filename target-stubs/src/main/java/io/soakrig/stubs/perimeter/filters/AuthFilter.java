package io.soakrig.stubs.perimeter.filters;

import io.soakrig.stubs.perimeter.Exchange;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * External authorization (Envoy's {@code ext_authz}): asks the auth service to validate the
 * request's user; on 200 the user becomes the request's principal in the filter state, otherwise
 * the request is denied with 403 ({@code failure_mode_allow: false}: an auth outage denies).
 */
public final class AuthFilter implements PerimeterFilter {
    private final Function<String, CompletionStage<Integer>> validate;

    /** @param validate asks auth about a user; completes with the status auth answered (0 if none) */
    public AuthFilter(Function<String, CompletionStage<Integer>> validate) {
        this.validate = validate;
    }

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public CompletionStage<Decision> apply(Exchange exchange) {
        String user = exchange.user();
        return validate.apply(user).thenApply(status -> {
            if (status == 200) {
                exchange.setState(Exchange.PRINCIPAL, user);
                return Decision.CONTINUE;
            }
            return Decision.reply(403, "ext_authz denied (auth answered " + status + ")", Map.of("x-envoy-auth-failure-mode-allowed", "false"));
        });
    }
}
