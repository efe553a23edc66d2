package io.soakrig.stubs.perimeter.filters;

import io.soakrig.profile.RateLimit;
import io.soakrig.stubs.perimeter.Exchange;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Envoy's local rate limit filter: a token bucket refilled at {@code requestsPerSecond} up to
 * {@code burst}; a request finding it empty is answered 429 with {@code x-envoy-ratelimited}.
 */
public final class RateLimitFilter implements PerimeterFilter {
    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private final Runnable onLimited;
    private double tokens;
    private long last;

    public RateLimitFilter(RateLimit config, LongSupplier nanoClock, Runnable onLimited) {
        this.perNano = config.requestsPerSecond() / 1e9;
        this.capacity = config.burst();
        this.nanoClock = nanoClock;
        this.onLimited = onLimited;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public synchronized CompletionStage<Decision> apply(Exchange exchange) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            onLimited.run();
            return CompletableFuture.completedFuture(Decision.reply(429, "local_rate_limited", Map.of("x-envoy-ratelimited", "true")));
        }
        tokens -= 1;
        return CompletableFuture.completedFuture(Decision.CONTINUE);
    }
}
