package io.soakrig.stubs.perimeter.filters;

import io.soakrig.stubs.perimeter.Exchange;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A custom filter with a latent bug, the April 2025 trigger: it tags each request with the user's
 * tier, reading the principal the auth filter leaves in the filter state. Placed after auth (the
 * default order) it is harmless. Placed before auth it finds no principal, and the code path that
 * never ran in production dereferences it — the whole process crashes, on every instance at once,
 * because every instance got the same reordered configuration.
 */
public final class UserTierFilter implements PerimeterFilter {
    /** What the crash does: the real one ends the process; tests observe it instead. */
    public interface Crash {
        void now(String why);
    }

    /** Ends the process at once with SIGABRT's exit status, as a native proxy's assertion failure does. */
    public static final Crash ABORT_PROCESS = why -> {
        System.err.println("FATAL: " + why);
        System.err.flush();
        Runtime.getRuntime().halt(134);
    };

    private final Crash crash;

    public UserTierFilter(Crash crash) {
        this.crash = crash;
    }

    @Override
    public String name() {
        return "user-tier";
    }

    @Override
    public CompletionStage<Decision> apply(Exchange exchange) {
        Object principal = exchange.state(Exchange.PRINCIPAL);
        if (principal == null) {
            crash.now("user-tier filter: no principal in filter state (did it run before auth?)");
            return CompletableFuture.completedFuture(Decision.reply(500, "user-tier filter crashed", java.util.Map.of()));
        }
        exchange.request().headers().set("x-user-tier", Math.floorMod(principal.hashCode(), 10) < 2 ? "premium" : "free");
        return CompletableFuture.completedFuture(Decision.CONTINUE);
    }
}
