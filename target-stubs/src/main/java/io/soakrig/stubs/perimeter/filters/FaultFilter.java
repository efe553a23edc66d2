package io.soakrig.stubs.perimeter.filters;

import io.soakrig.profile.FaultSpec;
import io.soakrig.stubs.perimeter.Exchange;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Envoy's HTTP fault injection filter: delays a request ({@code latency}) and aborts a share of
 * requests ({@code errorRate}) with {@code errorStatus}. As in Envoy, a request may choose its own
 * faults with the {@code x-envoy-fault-delay-request} (milliseconds) and
 * {@code x-envoy-fault-abort-request} (status) headers.
 */
public final class FaultFilter implements PerimeterFilter {
    static final String DELAY_HEADER = "x-envoy-fault-delay-request";
    static final String ABORT_HEADER = "x-envoy-fault-abort-request";

    private final FaultSpec faults;
    private final RandomGenerator random;

    public FaultFilter(FaultSpec faults, RandomGenerator random) {
        this.faults = faults;
        this.random = random;
    }

    @Override
    public String name() {
        return "fault";
    }

    @Override
    public CompletionStage<Decision> apply(Exchange exchange) {
        var headers = exchange.request().headers();
        long delayMillis = headers.contains(DELAY_HEADER) ? Long.parseLong(headers.get(DELAY_HEADER).strip())
                : faults.latency() == null ? 0 : faults.latency().toMillis();
        int abort = headers.contains(ABORT_HEADER) ? Integer.parseInt(headers.get(ABORT_HEADER).strip())
                : faults.errorRate() != null && random.nextDouble() < faults.errorRate() ? faults.errorStatus() : 0;
        Decision decision = abort > 0 ? Decision.reply(abort, "fault filter abort", Map.of()) : Decision.CONTINUE;
        if (delayMillis <= 0) {
            return CompletableFuture.completedFuture(decision);
        }
        Executor later = CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> decision, later);
    }
}
