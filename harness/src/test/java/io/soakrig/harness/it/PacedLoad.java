package io.soakrig.harness.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test's own open-model load: requests sent at a fixed rate whatever the answers, bounded in
 * time and in count, stopping by itself.
 */
final class PacedLoad implements AutoCloseable {
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong sent = new AtomicLong();

    /**
     * @param perSecond arrivals per second, 1..2000
     * @param limit     stop after this long
     */
    PacedLoad(URI target, int perSecond, Duration limit) {
        long maxCount = perSecond * Math.max(1, limit.toSeconds());
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).build();
        ticker.scheduleAtFixedRate(() -> {
            if (sent.incrementAndGet() <= maxCount) {
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            }
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        ticker.schedule(ticker::shutdown, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
