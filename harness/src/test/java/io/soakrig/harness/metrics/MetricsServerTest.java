package io.soakrig.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void afterTheRunTheEndpointWaitsForOneMoreScrapeAndNoLongerThanItsBound() throws Exception {
        MetricsServer unscraped = MetricsServer.start(0, new LiveMetrics().registry());
        long start = System.nanoTime();
        unscraped.closeOnceScraped(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("nobody scraped: it waited its bound").isGreaterThanOrEqualTo(Duration.ofMillis(300));

        LiveMetrics metrics = new LiveMetrics();
        MetricsServer server = MetricsServer.start(0, metrics.registry());
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + MetricsServer.PATH)).build();
        assertThat(http.send(scrape, HttpResponse.BodyHandlers.ofString()).statusCode()).as("a scrape during the run").isEqualTo(200);
        metrics.judged(LiveMetrics.VerdictSoFar.PASS, java.util.Map.of());
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                server.closeOnceScraped(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(closing).as("the scrape during the run does not count").isNotDone();

        String last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!closing.isDone() && System.nanoTime() < deadline) {
            try {
                last = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException closed) {
                // it closed between the check and the scrape
            }
            Thread.sleep(50);
        }

        closing.get(1, TimeUnit.SECONDS);
        assertThat(last).contains("soakrig_run_state{soakrig_run_state=\"ENDED\"} 1");
    }
}
